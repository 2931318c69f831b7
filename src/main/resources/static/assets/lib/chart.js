// Points for a small line chart: samples scaled into a width x height box (y grows downwards, as in SVG).

export function chartPoints(values, width, height, max) {
  if (!values.length) return '';
  const top = max > 0 ? max : Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => {
      const y = height - (Math.max(0, Math.min(v, top)) / top) * height;
      return `${(i * step).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
