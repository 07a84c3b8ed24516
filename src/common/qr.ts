import QRCode from 'qrcode';

/**
 * A QR code as an SVG data URL, made on the server: the page needs no script and no third party. Tickets carry their
 * code, the rooms' door signs their absolute check-in address.
 */
export async function qrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#1f2328', light: '#ffffff' } });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
