// The national data set's geography and names: Indonesia's 38 provinces (the app's list), each with its zone, a
// population weight (millions, about 2023: where Pos Indonesia's offices are) and real cities and regencies.
const ZONES = {
  'Asia/Jakarta': ['Aceh', 'Sumatera Utara', 'Sumatera Barat', 'Riau', 'Kepulauan Riau', 'Jambi', 'Bengkulu', 'Sumatera Selatan',
    'Kepulauan Bangka Belitung', 'Lampung', 'Banten', 'DKI Jakarta', 'Jawa Barat', 'Jawa Tengah', 'DI Yogyakarta', 'Jawa Timur'],
  'Asia/Pontianak': ['Kalimantan Barat', 'Kalimantan Tengah'],
  'Asia/Makassar': ['Bali', 'Nusa Tenggara Barat', 'Nusa Tenggara Timur', 'Kalimantan Selatan', 'Kalimantan Timur', 'Kalimantan Utara',
    'Sulawesi Utara', 'Gorontalo', 'Sulawesi Tengah', 'Sulawesi Barat', 'Sulawesi Selatan', 'Sulawesi Tenggara'],
  'Asia/Jayapura': ['Maluku', 'Maluku Utara', 'Papua', 'Papua Barat', 'Papua Barat Daya', 'Papua Tengah', 'Papua Pegunungan', 'Papua Selatan'],
};
export const zoneOf = (province) => Object.keys(ZONES).find((zone) => ZONES[zone].includes(province));
/** Whole-hour UTC offsets: Indonesia keeps no daylight saving. */
export const OFFSET_HOURS = { 'Asia/Jakarta': 7, 'Asia/Pontianak': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };

/** [weight, cities], first city the provincial capital. */
export const PROVINCE_DATA = {
  'Aceh': [5.4, ['Banda Aceh', 'Lhokseumawe', 'Langsa', 'Meulaboh', 'Takengon', 'Sabang']],
  'Sumatera Utara': [15.4, ['Medan', 'Pematangsiantar', 'Binjai', 'Tebing Tinggi', 'Sibolga', 'Padangsidimpuan', 'Kisaran', 'Rantau Prapat']],
  'Sumatera Barat': [5.8, ['Padang', 'Bukittinggi', 'Payakumbuh', 'Solok', 'Pariaman', 'Sawahlunto']],
  'Riau': [6.6, ['Pekanbaru', 'Dumai', 'Bengkalis', 'Rengat', 'Bangkinang']],
  'Kepulauan Riau': [2.2, ['Tanjungpinang', 'Batam', 'Tanjung Balai Karimun', 'Ranai']],
  'Jambi': [3.7, ['Jambi', 'Sungai Penuh', 'Muara Bungo', 'Kuala Tungkal']],
  'Bengkulu': [2.1, ['Bengkulu', 'Curup', 'Manna', 'Argamakmur']],
  'Sumatera Selatan': [8.7, ['Palembang', 'Lubuklinggau', 'Prabumulih', 'Pagar Alam', 'Baturaja', 'Lahat']],
  'Kepulauan Bangka Belitung': [1.5, ['Pangkalpinang', 'Tanjung Pandan', 'Sungailiat', 'Muntok']],
  'Lampung': [9.3, ['Bandar Lampung', 'Metro', 'Kotabumi', 'Pringsewu', 'Kalianda']],
  'Banten': [12.4, ['Serang', 'Tangerang', 'Tangerang Selatan', 'Cilegon', 'Pandeglang', 'Rangkasbitung']],
  'DKI Jakarta': [10.7, ['Jakarta Pusat', 'Jakarta Utara', 'Jakarta Barat', 'Jakarta Selatan', 'Jakarta Timur']],
  'Jawa Barat': [49.9, ['Bandung', 'Bekasi', 'Bogor', 'Depok', 'Cimahi', 'Cirebon', 'Sukabumi', 'Tasikmalaya', 'Garut', 'Karawang', 'Purwakarta', 'Cianjur']],
  'Jawa Tengah': [37.5, ['Semarang', 'Surakarta', 'Magelang', 'Salatiga', 'Pekalongan', 'Tegal', 'Purwokerto', 'Kudus', 'Klaten', 'Cilacap']],
  'DI Yogyakarta': [3.7, ['Yogyakarta', 'Sleman', 'Bantul', 'Wonosari', 'Wates']],
  'Jawa Timur': [41.4, ['Surabaya', 'Malang', 'Kediri', 'Madiun', 'Jember', 'Banyuwangi', 'Sidoarjo', 'Gresik', 'Mojokerto', 'Probolinggo', 'Pasuruan', 'Blitar']],
  'Bali': [4.4, ['Denpasar', 'Badung', 'Gianyar', 'Singaraja', 'Tabanan', 'Klungkung']],
  'Nusa Tenggara Barat': [5.5, ['Mataram', 'Bima', 'Sumbawa Besar', 'Praya', 'Selong']],
  'Nusa Tenggara Timur': [5.5, ['Kupang', 'Ende', 'Maumere', 'Labuan Bajo', 'Waingapu', 'Atambua']],
  'Kalimantan Barat': [5.6, ['Pontianak', 'Singkawang', 'Ketapang', 'Sintang', 'Sanggau']],
  'Kalimantan Tengah': [2.7, ['Palangka Raya', 'Sampit', 'Pangkalan Bun', 'Muara Teweh']],
  'Kalimantan Selatan': [4.2, ['Banjarmasin', 'Banjarbaru', 'Martapura', 'Kotabaru', 'Barabai']],
  'Kalimantan Timur': [3.9, ['Samarinda', 'Balikpapan', 'Bontang', 'Tenggarong', 'Penajam']],
  'Kalimantan Utara': [0.7, ['Tanjung Selor', 'Tarakan', 'Nunukan', 'Malinau']],
  'Sulawesi Utara': [2.7, ['Manado', 'Bitung', 'Tomohon', 'Kotamobagu', 'Tondano']],
  'Gorontalo': [1.2, ['Gorontalo', 'Limboto', 'Marisa', 'Kwandang']],
  'Sulawesi Tengah': [3.1, ['Palu', 'Luwuk', 'Poso', 'Tolitoli']],
  'Sulawesi Barat': [1.5, ['Mamuju', 'Majene', 'Polewali', 'Pasangkayu']],
  'Sulawesi Selatan': [9.4, ['Makassar', 'Parepare', 'Palopo', 'Watampone', 'Sungguminasa', 'Maros', 'Bulukumba']],
  'Sulawesi Tenggara': [2.8, ['Kendari', 'Baubau', 'Kolaka', 'Raha']],
  'Maluku': [1.9, ['Ambon', 'Tual', 'Masohi', 'Saumlaki']],
  'Maluku Utara': [1.3, ['Sofifi', 'Ternate', 'Tidore', 'Tobelo']],
  'Papua': [1.0, ['Jayapura', 'Sentani', 'Biak', 'Serui']],
  'Papua Barat': [0.6, ['Manokwari', 'Fakfak', 'Kaimana', 'Bintuni']],
  'Papua Barat Daya': [0.6, ['Sorong', 'Teminabuan', 'Waisai']],
  'Papua Tengah': [1.4, ['Nabire', 'Timika', 'Enarotali']],
  'Papua Pegunungan': [1.4, ['Wamena', 'Oksibil', 'Tiom']],
  'Papua Selatan': [0.5, ['Merauke', 'Tanah Merah', 'Agats']],
};

export const STREETS = ['Jl. Jenderal Sudirman', 'Jl. Ahmad Yani', 'Jl. Diponegoro', 'Jl. Gatot Subroto', 'Jl. Pahlawan', 'Jl. Merdeka',
  'Jl. Veteran', 'Jl. Pemuda', 'Jl. Imam Bonjol', 'Jl. Hasanuddin', 'Jl. Pattimura', 'Jl. Teuku Umar', 'Jl. Cut Nyak Dien',
  'Jl. Sisingamangaraja', 'Jl. Gajah Mada', 'Jl. Hayam Wuruk', 'Jl. Kartini', 'Jl. Dr. Sutomo', 'Jl. Pos', 'Jl. Raya Pos',
  'Jl. Sam Ratulangi', 'Jl. Slamet Riyadi', 'Jl. Panglima Polim', 'Jl. Pangeran Antasari', 'Jl. Basuki Rahmat', 'Jl. Juanda'];
export const FIRST_NAMES = ['Budi', 'Siti', 'Agus', 'Dewi', 'Rudi', 'Ayu', 'Made', 'Nyoman', 'Putu', 'Wayan', 'Rina', 'Andi', 'Fitri',
  'Hendra', 'Yusuf', 'Nur', 'Sri', 'Bayu', 'Indah', 'Eko', 'Maria', 'Yohanes', 'Fransiska', 'Teuku', 'Cut', 'Ucok', 'Butet', 'Daeng',
  'Intan', 'Rizky', 'Aditya', 'Putri', 'Wahyu', 'Lestari', 'Dian', 'Joko', 'Ratna', 'Arif', 'Novi', 'Samuel', 'Elisabeth', 'Ketut'];
export const LAST_NAMES = ['Santoso', 'Rahayu', 'Wijaya', 'Saputra', 'Lestari', 'Hidayat', 'Nasution', 'Siregar', 'Harahap', 'Simanjuntak',
  'Pratama', 'Kusuma', 'Setiawan', 'Gunawan', 'Permata', 'Sari', 'Wibowo', 'Susanto', 'Manurung', 'Lubis', 'Tanjung', 'Mokoginta',
  'Pakpahan', 'Rumbiak', 'Wenda', 'Latuconsina', 'Pattiasina', 'Tuasikal', 'Daulay', 'Ginting', 'Sembiring', 'Pangaribuan', 'Nugroho'];
export const BUSINESS_WORDS = [['Batik', 'Kopi', 'Sambal', 'Tenun', 'Keripik', 'Songket', 'Kerajinan', 'Madu', 'Rendang', 'Kue', 'Sabun', 'Anyaman',
  'Tas', 'Jamu', 'Dodol', 'Ulos', 'Perak', 'Sagu', 'Noken', 'Abon'], ['Sari', 'Nusantara', 'Mandiri', 'Lestari', 'Jaya', 'Makmur', 'Barokah',
  'Sejahtera', 'Asli', 'Kita', 'Rumahan', 'Bunda', 'Berkah', 'Indah', 'Timur', 'Bahari']];
