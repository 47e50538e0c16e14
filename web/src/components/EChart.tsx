// ECharts, imported piece by piece (core + the chart kinds and components used here) to keep the
// JavaScript small. Loaded on demand by Chart.tsx, so screens without charts do not wait for it.

import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { PALETTE, type ChartOption } from "./chart_option";

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export default function EChart({ option, label, height }: { option: ChartOption; label: string; height: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: "canvas" });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ color: PALETTE, textStyle: { fontFamily: "inherit" }, animation: false, ...option }, true);
  }, [option]);
  return <div className="chart" ref={el} role="img" aria-label={label} style={{ height }} />;
}
