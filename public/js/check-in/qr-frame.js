// Reads a ticket code out of one camera frame with jsQR (for browsers without BarcodeDetector). Pure: it takes the
// decoder and the frame's RGBA pixels, so the unit test runs it on the app's own ticket PNGs.

/** The ticket code in what a scanner read or a person typed (the same rule as the server's ticketCodeOf). */
export function ticketCodeOf(raw) {
  return String(raw).trim().toUpperCase().replace(/^.*[/:=]/, '');
}

/** The ticket code in an RGBA frame, or null when no QR code is readable there. */
export function decodeFrame(jsQR, data, width, height) {
  const found = jsQR(data, width, height, { inversionAttempts: 'dontInvert' });
  if (!found || !found.data || !found.data.trim()) return null;
  const code = ticketCodeOf(found.data);
  return /^[A-Z0-9-]{4,64}$/.test(code) ? code : null;
}
