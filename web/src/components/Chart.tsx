// A chart with an accessible name; ECharts itself loads on first use (a separate chunk).

import { lazy, Suspense } from "react";
import type { ChartOption } from "./chart_option";
import { Loading } from "./ui";

export type { ChartOption } from "./chart_option";

const EChart = lazy(() => import("./EChart"));

export function Chart({ option, label, height = 300 }: { option: ChartOption; label: string; height?: number }) {
  return (
    <Suspense fallback={<div style={{ height }}><Loading /></div>}>
      <EChart option={option} label={label} height={height} />
    </Suspense>
  );
}
