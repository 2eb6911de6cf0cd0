import { BarChart, LineChart, PieChart, ScatterChart, BoxplotChart } from "echarts/charts";
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import { init, use as register, type EChartsCoreOption, type EChartsType } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// Only what the screens draw is bundled: ECharts' full build is ~1 MB.
register([
  BarChart,
  LineChart,
  PieChart,
  ScatterChart,
  BoxplotChart,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartProps = {
  option: EChartsCoreOption;
  height?: number;
  /** What the figure shows, for screen readers (the canvas itself says nothing). */
  ariaLabel: string;
};

/**
 * One ECharts figure. The option is also written to `data-option` so browser tests can assert
 * on the figures a chart was given, not only that a canvas exists.
 */
export function Chart({ option, height = 280, ariaLabel }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: "canvas" });
    chart.current = instance;
    // jsdom has no ResizeObserver; charts then keep their first size.
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => instance.resize());
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={ariaLabel}
      data-option={JSON.stringify(option)}
      style={{ width: "100%", height }}
    />
  );
}
