import type { ComposeOption } from "echarts/core";
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** Colours with at least 3:1 contrast against white, told apart with the common colour blindness. */
export const PALETTE = ["#1f5fa8", "#2e8540", "#c05600", "#8a3ab9", "#b31b1b", "#5a6570", "#00778a", "#8c6d00"];
