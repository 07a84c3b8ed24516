const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });

/** Integer rupiah as "Rp 150.000" (with a no-break space). */
export function formatRupiah(amount: number): string {
  return rupiah.format(amount);
}
