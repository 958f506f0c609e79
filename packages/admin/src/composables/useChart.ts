import { nextTick, onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue';
import type { Chart, ChartConfiguration, ChartType } from 'chart.js';

/** Long labels on several lines of at most `width` characters, so that a chart does not cut them off. */
export function wrapLabel(label: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

export interface ChartOptions<T extends ChartType> {
  /**
   * Chart.js with the parts this kind of chart needs, imported when the first chart is shown so
   * that it never weighs on the first page load (`() => import('./bar-chart')`).
   */
  load: () => Promise<{ Chart: typeof Chart }>;
  /** The chart's type, data and options from the current props; its data also updates a drawn chart. */
  config: () => ChartConfiguration<T>;
  /** Whether there is anything to draw: without data the page shows a hint instead of the canvas. */
  hasData: Ref<boolean>;
  /** The props the chart follows. */
  source: () => unknown;
  /** The size to draw at for printing: a printed page is narrower than the screen. */
  printSize: [width: number, height: number];
}

/**
 * A Chart.js chart on a canvas of the component: drawn when there is data, updated in place when
 * the data changes, dropped when the data goes (the canvas leaves the page with it: the next data
 * draws a new chart on the new canvas), resized for printing and destroyed with the component.
 */
export function useChart<T extends ChartType>(options: ChartOptions<T>) {
  const canvas = ref<HTMLCanvasElement>();
  const chart = shallowRef<Chart<T>>();
  /** Chart.js could not be loaded or drew nothing: the figures' table stays the text alternative. */
  const failed = ref(false);

  async function draw() {
    try {
      const { Chart } = await options.load();
      if (!canvas.value || chart.value) return;
      chart.value = new Chart(canvas.value, options.config()) as Chart<T>;
    } catch {
      failed.value = true;
    }
  }

  onMounted(() => {
    if (options.hasData.value) void draw();
  });

  watch(
    options.source,
    async () => {
      if (!options.hasData.value) {
        chart.value?.destroy();
        chart.value = undefined;
        return;
      }
      if (!chart.value) {
        await nextTick();
        return draw();
      }
      const { data } = options.config();
      chart.value.data.labels = data.labels;
      chart.value.data.datasets = data.datasets;
      chart.value.update();
    },
    { deep: true },
  );

  const beforePrint = () => chart.value?.resize(...options.printSize);
  const afterPrint = () => chart.value?.resize();
  window.addEventListener('beforeprint', beforePrint);
  window.addEventListener('afterprint', afterPrint);
  onBeforeUnmount(() => {
    window.removeEventListener('beforeprint', beforePrint);
    window.removeEventListener('afterprint', afterPrint);
    chart.value?.destroy();
  });

  return { canvas, chart, failed };
}
