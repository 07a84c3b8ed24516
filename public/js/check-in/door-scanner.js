// The camera at the door: BarcodeDetector where the browser has it, otherwise jsQR on canvas frames. It keeps
// scanning without a tap; the same code is ignored for a moment so one ticket held up is read once.
import { decodeFrame, ticketCodeOf } from './qr-frame.js';

const SAME_CODE_MS = 2500;
const FRAME_MS = 150;
const MAX_SIDE = 720;

let jsQRLoading = null;
function loadJsQR() {
  if (window.jsQR) return Promise.resolve(window.jsQR);
  jsQRLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/assets/vendor/jsqr/jsQR.js';
    script.onload = () => (window.jsQR ? resolve(window.jsQR) : reject(new Error('jsQR missing')));
    script.onerror = reject;
    document.head.appendChild(script);
  });
  return jsQRLoading;
}

async function nativeDetector() {
  if (!('BarcodeDetector' in window)) return null;
  try {
    const formats = window.BarcodeDetector.getSupportedFormats ? await window.BarcodeDetector.getSupportedFormats() : ['qr_code'];
    return formats.includes('qr_code') ? new window.BarcodeDetector({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

export const cameraAvailable = () => Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);

/** A scanner on `video`; `onCode(code)` for each new ticket code, `onState({ running, torch, torchOn, canSwitch })`. */
export function createScanner({ video, onCode, onState, onError }) {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let facing = 'environment';
  let stream = null;
  let timer = null;
  let detect = null;
  let last = { code: '', at: 0 };
  let torchOn = false;
  let canSwitch = false;

  const track = () => (stream ? stream.getVideoTracks()[0] : null);
  const report = () => {
    const caps = track() && track().getCapabilities ? track().getCapabilities() : {};
    onState({ running: Boolean(stream), torch: Boolean(caps.torch), torchOn, canSwitch });
  };

  async function decoder() {
    const native = await nativeDetector();
    if (native) {
      return async () => {
        const codes = await native.detect(video);
        const found = codes.find((c) => c.rawValue && c.rawValue.trim());
        return found ? ticketCodeOf(found.rawValue) : null;
      };
    }
    const jsQR = await loadJsQR();
    return async () => {
      const w = video.videoWidth;
      const h = video.videoHeight;
      if (!w || !h) return null;
      const scale = Math.min(1, MAX_SIDE / Math.max(w, h));
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const frame = context.getImageData(0, 0, canvas.width, canvas.height);
      return decodeFrame(jsQR, frame.data, frame.width, frame.height);
    };
  }

  async function tick() {
    if (!stream) return;
    try {
      const code = await detect();
      const now = Date.now();
      if (code && (code !== last.code || now - last.at > SAME_CODE_MS)) onCode(code);
      if (code) last = { code, at: now };
    } catch {
      // a frame that could not be read: try the next one
    }
    if (stream) timer = window.setTimeout(tick, FRAME_MS);
  }

  async function start() {
    stop();
    try {
      detect ??= await decoder();
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: facing } }, audio: false });
      video.srcObject = stream;
      await video.play();
      const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
      canSwitch = cameras.length > 1;
      torchOn = false;
      report();
      tick();
    } catch (error) {
      stop();
      onError(error);
    }
  }

  function stop() {
    window.clearTimeout(timer);
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    video.srcObject = null;
    report();
  }

  return {
    start,
    stop,
    async switchCamera() {
      facing = facing === 'environment' ? 'user' : 'environment';
      await start();
    },
    async toggleTorch() {
      const t = track();
      if (!t) return;
      try {
        await t.applyConstraints({ advanced: [{ torch: !torchOn }] });
        torchOn = !torchOn;
      } catch {
        // the device refused: leave the torch as it was
      }
      report();
    },
  };
}
