import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { decodeFrame } from '../../public/js/check-in/qr-frame.js';
import { ticketQr } from '../notifications/mail-worker.service.js';

type Decoder = Parameters<typeof decodeFrame>[0];
/** jsqr is CommonJS: its function is the default export or the module itself, depending on the loader. */
const jsQR = ((jsQRModule as unknown as { default?: Decoder }).default ?? jsQRModule) as unknown as Decoder;

/** The ticket's PNG (the same QR as on the ticket page and in the invitation) as RGBA pixels. */
const pixels = async (code: string) => {
  const png = PNG.sync.read(await ticketQr(code));
  return { data: new Uint8ClampedArray(png.data), width: png.width, height: png.height };
};

/** The ticket held up to a camera: small, off-centre, on a grey background, a little darker. */
function inFrame(qr: { data: Uint8ClampedArray; width: number; height: number }, frameWidth = 640, frameHeight = 480, scale = 0.5) {
  const frame = new Uint8ClampedArray(frameWidth * frameHeight * 4);
  const size = Math.floor(qr.width * scale);
  const [left, top] = [frameWidth - size - 40, 60];
  for (let y = 0; y < frameHeight; y++) {
    for (let x = 0; x < frameWidth; x++) {
      const i = (y * frameWidth + x) * 4;
      let v = 120 + ((x * 7 + y * 13) % 23);
      if (x >= left && x < left + size && y >= top && y < top + size) {
        const sx = Math.floor((x - left) / scale);
        const sy = Math.floor((y - top) / scale);
        v = Math.round(qr.data[(sy * qr.width + sx) * 4] * 0.85);
      }
      frame.set([v, v, v, 255], i);
    }
  }
  return { data: frame, width: frameWidth, height: frameHeight };
}

describe('the door decoder on ticket QR codes', () => {
  it.each(['K7QF2M9X', 'ABCD2345', 'ZZ99PQRS'])('reads %s from the ticket PNG', async (code) => {
    const { data, width, height } = await pixels(code);
    expect(decodeFrame(jsQR, data, width, height)).toBe(code);
  });

  it('reads a ticket held small and off-centre in a grey camera frame', async () => {
    const frame = inFrame(await pixels('M4N8XK2R'));
    expect(decodeFrame(jsQR, frame.data, frame.width, frame.height)).toBe('M4N8XK2R');
  });

  it('finds nothing in a frame without a code', () => {
    const empty = new Uint8ClampedArray(320 * 240 * 4).fill(200);
    expect(decodeFrame(jsQR, empty, 320, 240)).toBeNull();
  });
});
