// Draws the door app's icons (public/icons/door-*.png): a white ticket with a check mark on the brand orange.
// `maskable` keeps the mark inside the central 80 % safe zone on a full-bleed background. Run: node scripts/door-icons.mjs
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const BRAND = [0xc2, 0x41, 0x0c];
const WHITE = [255, 255, 255];

function icon(size, maskable) {
  const png = new PNG({ width: size, height: size });
  const radius = maskable ? 0 : size * 0.22;
  const inset = maskable ? size * 0.24 : size * 0.17;
  const distToSegment = (px, py, [ax, ay], [bx, by]) => {
    const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
  };
  const s = (f) => inset + f * (size - 2 * inset);
  const check = [[s(0.22), s(0.52)], [s(0.42), s(0.72)], [s(0.8), s(0.3)]];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const cx = Math.min(Math.max(x, radius), size - radius);
      const cy = Math.min(Math.max(y, radius), size - radius);
      const outside = radius > 0 && Math.hypot(x - cx, y - cy) > radius;
      let color = BRAND;
      const inTicket = x >= inset && x < size - inset && y >= inset + size * 0.08 && y < size - inset - size * 0.08
        && Math.hypot(x - inset, y - size / 2) > size * 0.07 && Math.hypot(x - (size - inset), y - size / 2) > size * 0.07;
      if (inTicket) color = WHITE;
      const stroke = Math.min(distToSegment(x, y, check[0], check[1]), distToSegment(x, y, check[1], check[2]));
      if (inTicket && stroke < size * 0.045) color = BRAND;
      png.data.set([...color, outside ? 0 : 255], i);
    }
  }
  return PNG.sync.write(png);
}

for (const size of [192, 512]) {
  writeFileSync(`public/icons/door-${size}.png`, icon(size, false));
  writeFileSync(`public/icons/door-maskable-${size}.png`, icon(size, true));
}
