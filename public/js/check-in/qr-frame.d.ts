export function ticketCodeOf(raw: string): string;
export function decodeFrame(
  jsQR: (data: Uint8ClampedArray, width: number, height: number, options?: { inversionAttempts?: string }) => { data: string } | null,
  data: Uint8ClampedArray, width: number, height: number,
): string | null;
