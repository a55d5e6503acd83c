"""Synthetic news stories for benchmarks: article number → one deterministic Indonesian story.

Everything comes from the article's number alone (a seeded `random.Random`), so any page can be made
on request without building the others. Regions, kecamatan and offices are real; every person and
every statement is invented. Stories get older as the number grows (`published_at`).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

SEED = "warta-demosite-1"
NEWEST = datetime(2025, 8, 1, 9, 0, tzinfo=timezone(timedelta(hours=7)))  # article 0
STEP_MINUTES = 19  # article n is between n and n+1 steps older than article 0
DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
               "Oktober", "November", "Desember")  # fmt: skip
ZONES = {"WIB": timezone(timedelta(hours=7)), "WITA": timezone(timedelta(hours=8))}


@dataclass(frozen=True)
class Region:
    """A real kabupaten or kota: kind, name, province, the dateline town, some of its kecamatan."""

    kind: str
    name: str
    province: str
    dateline: str
    districts: tuple[str, ...]
    zone: str = "WIB"


REGIONS = (
    Region("Kabupaten", "Mojokerto", "Jawa Timur", "MOJOKERTO", ("Pacet", "Trawas", "Sooko", "Ngoro", "Mojosari")),
    Region("Kabupaten", "Malang", "Jawa Timur", "KEPANJEN", ("Kepanjen", "Singosari", "Lawang", "Dau", "Tumpang")),
    Region("Kota", "Malang", "Jawa Timur", "MALANG", ("Klojen", "Blimbing", "Lowokwaru", "Sukun", "Kedungkandang")),
    Region("Kabupaten", "Sidoarjo", "Jawa Timur", "SIDOARJO", ("Candi", "Waru", "Taman", "Porong", "Buduran")),
    Region("Kabupaten", "Banyuwangi", "Jawa Timur", "BANYUWANGI", ("Genteng", "Rogojampi", "Muncar", "Kalipuro")),
    Region("Kota", "Surabaya", "Jawa Timur", "SURABAYA", ("Tegalsari", "Wonokromo", "Rungkut", "Sukolilo")),
    Region("Kabupaten", "Lamongan", "Jawa Timur", "LAMONGAN", ("Babat", "Paciran", "Brondong", "Sukodadi")),
    Region("Kabupaten", "Jember", "Jawa Timur", "JEMBER", ("Kaliwates", "Sumbersari", "Patrang", "Ambulu", "Puger")),
    Region("Kota", "Batu", "Jawa Timur", "BATU", ("Batu", "Bumiaji", "Junrejo")),
    Region("Kota", "Semarang", "Jawa Tengah", "SEMARANG", ("Semarang Utara", "Tembalang", "Banyumanik", "Pedurungan")),
    Region("Kabupaten", "Semarang", "Jawa Tengah", "UNGARAN", ("Ungaran Barat", "Bandungan", "Ambarawa", "Bawen")),
    Region("Kabupaten", "Bogor", "Jawa Barat", "CIBINONG", ("Cibinong", "Ciawi", "Cisarua", "Megamendung")),
    Region("Kota", "Bandung", "Jawa Barat", "BANDUNG", ("Coblong", "Sukajadi", "Cicendo", "Lengkong")),
    Region("Kabupaten", "Bandung", "Jawa Barat", "SOREANG", ("Soreang", "Banjaran", "Pangalengan", "Ciwidey")),
    Region("Kabupaten", "Sleman", "DI Yogyakarta", "SLEMAN", ("Depok", "Mlati", "Ngaglik", "Gamping", "Kalasan")),
    Region("Kabupaten", "Badung", "Bali", "MANGUPURA", ("Kuta", "Kuta Selatan", "Mengwi", "Abiansemal"), "WITA"),
    Region("Kota", "Makassar", "Sulawesi Selatan", "MAKASSAR", ("Panakkukang", "Tamalate", "Rappocini"), "WITA"),
)

MEN = ("Agus", "Bambang", "Dedi", "Eko", "Fajar", "Hendra", "Irwan", "Joko", "Rudi", "Wahyu", "Yusuf", "Arif")
WOMEN = ("Dian", "Fitri", "Indah", "Ratna", "Sri", "Wulan", "Yuliana", "Nurul", "Anisa", "Retno", "Ayu", "Lina")
MEN_LAST = ("Santoso", "Wibisono", "Pranoto", "Kurniawan", "Hidayat", "Setiawan", "Purnomo", "Hartono", "Nugroho",
            "Permana", "Firmansyah", "Utomo")  # fmt: skip
WOMEN_LAST = ("Rahayu", "Susanti", "Handayani", "Wardhani", "Maharani", "Lestari", "Puspitasari", "Anggraini")


@dataclass(frozen=True)
class Topic:
    """A kind of story: the office that speaks, the sections it suits and its sentence templates."""

    office: str
    short: str
    sections: tuple[str, ...]
    stories: tuple[tuple[str, str], ...]  # (headline, lead)
    said: str  # what the office head says (indirect)
    quote: str  # what the office head says (direct)
    facts: str
    head_said: str  # what the bupati or wali kota says (indirect)
    head_quote: str
    closing: str
    chief: str = "Kepala"


TOPICS = (
    Topic("Dinas Kesehatan", "Dinkes", ("kesehatan",), (
        ("Dinkes {nama} Perluas Posyandu Terpadu ke {a} {Desa} di {kec}",
         "{pemda_panjang} memperluas layanan posyandu terpadu ke {a} {desa} di {kec}. Layanan itu menyasar balita, "
         "ibu hamil, dan warga lanjut usia yang selama ini harus menempuh perjalanan jauh ke puskesmas."),
        ("Kasus DBD di {wilayah} Naik, Warga {kec} Diminta Rutin Menguras Bak Mandi",
         "Kasus demam berdarah dengue (DBD) di {wilayah} meningkat dalam sebulan terakhir dengan {b} kasus sejak "
         "awal tahun. Sebagian besar kasus ditemukan di {kec} dan {kec2}.")),
        "pihaknya telah menyiapkan {a} tenaga kesehatan tambahan untuk mendampingi kader di lapangan. Pemeriksaan "
        "dijadwalkan setiap pekan agar masalah kesehatan warga bisa ditemukan lebih awal.",
        "Kami tidak ingin warga baru datang ke fasilitas kesehatan ketika kondisinya sudah parah. Pencegahan jauh "
        "lebih murah daripada pengobatan",
        "Berdasarkan data {dinas}, cakupan pemeriksaan kesehatan warga di {wilayah} baru mencapai {p} persen. "
        "Anggaran program tahun ini sekitar {rp} yang bersumber dari APBD dan dana alokasi khusus.",
        "seluruh camat dan {kades} wajib ikut memantau program tersebut. Laporan perkembangan diminta "
        "disampaikan setiap bulan.",
        "Kesehatan warga adalah prioritas. Saya minta tidak ada {desa} yang tertinggal",
        "Warga yang membutuhkan informasi dapat menghubungi puskesmas terdekat atau layanan pengaduan {pemda}."),
    Topic("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", ("pemerintahan", "daerah", "news"), (
        ("Perbaikan Jalan Poros di {kec} Dikebut, {pemda} Siapkan {rp}",
         "{pemda_panjang} mempercepat perbaikan jalan poros sepanjang {a} kilometer di {kec}. Jalan itu rusak "
         "setelah musim hujan dan menjadi jalur utama angkutan hasil pertanian warga."),
        ("{pemda} Targetkan Jembatan Penghubung {kec} dan {kec2} Rampung Akhir Tahun",
         "Pembangunan jembatan penghubung {kec} dan {kec2} di {wilayah} ditargetkan rampung akhir {tahun}. "
         "Jembatan sepanjang {c} meter itu akan memangkas waktu tempuh warga ke pusat pemerintahan.")),
        "pengerjaan fisik sudah mencapai {p} persen dan berjalan sesuai jadwal. Kontraktor diminta menambah "
        "pekerja pada malam hari agar target tidak meleset.",
        "Kami awasi setiap hari. Kalau ada pekerjaan yang tidak sesuai spesifikasi, kontraktor wajib membongkar "
        "dan mengulangnya",
        "Anggaran proyek tersebut sekitar {rp} dari APBD {tahun}. Selama pengerjaan, kendaraan berat dialihkan "
        "melalui jalur alternatif yang telah dipasangi rambu sementara.",
        "infrastruktur yang baik akan menggerakkan ekonomi warga di pinggiran. Perbaikan jalan lain dijanjikan "
        "menyusul pada tahun anggaran berikutnya.",
        "Jalan ini urat nadi ekonomi warga. Saya tidak mau lagi mendengar hasil panen busuk karena truk tidak bisa "
        "lewat",
        "Warga diminta melaporkan kerusakan jalan melalui kanal pengaduan {pemda} agar segera ditindaklanjuti."),
    Topic("Badan Penanggulangan Bencana Daerah", "BPBD", ("peristiwa", "daerah", "news"), (
        ("Banjir Rendam {b} Rumah di {kec}, BPBD {nama} Dirikan Posko",
         "Banjir merendam sedikitnya {b} rumah warga di {kec}, {wilayah}, setelah hujan deras mengguyur sejak "
         "sore. Ketinggian air di sejumlah titik mencapai {c} sentimeter."),
        ("Longsor Tutup Akses Jalan di {kec}, Warga Diminta Waspada",
         "Tanah longsor menutup akses jalan antarkampung di {kec}, {wilayah}, setelah hujan lebat turun lebih dari "
         "tiga jam. Tidak ada korban jiwa, tetapi arus kendaraan terputus.")),
        "petugas gabungan bersama relawan telah dikerahkan sejak malam untuk membantu warga. Dapur umum dan posko "
        "kesehatan didirikan di {balai} terdekat.",
        "Prioritas kami keselamatan warga. Yang rumahnya di daerah rawan kami minta mengungsi dulu sampai kondisi "
        "aman",
        "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) memperkirakan hujan sedang hingga lebat masih terjadi "
        "dalam sepekan ke depan. Tahun ini {dinas} mencatat {a} kejadian bencana hidrometeorologi di {wilayah}.",
        "{pemda} akan menanggung kebutuhan dasar warga terdampak selama masa tanggap darurat. Dinas terkait "
        "diminta segera mendata kerusakan rumah dan fasilitas umum.",
        "Semua kebutuhan pengungsi, dari makanan sampai obat-obatan, harus terpenuhi. Jangan sampai ada yang "
        "terlewat",
        "Warga yang membutuhkan bantuan darurat dapat menghubungi posko {dinas} yang siaga 24 jam.",
        "Kepala Pelaksana"),
    Topic("Dinas Koperasi dan Usaha Mikro", "Dinkop UM", ("ekonomi", "bisnis"), (
        ("{b} Pelaku UMKM {nama} Ikut Pelatihan Pemasaran Digital",
         "Sebanyak {b} pelaku usaha mikro, kecil, dan menengah (UMKM) di {wilayah} mengikuti pelatihan pemasaran "
         "digital yang digelar {pemda_panjang} selama {h} hari di {kec}."),
        ("Produk UMKM {nama} Tembus Pasar Ekspor, Omzet Naik {p} Persen",
         "Produk kerajinan dan makanan olahan buatan pelaku UMKM di {wilayah} mulai menembus pasar ekspor. Dalam "
         "setahun terakhir, omzet pelaku usaha binaan {pemda_panjang} naik sekitar {p} persen.")),
        "pendampingan akan dilanjutkan hingga pelaku usaha mampu mengurus izin edar dan sertifikat halal secara "
        "mandiri. Galeri produk juga disiapkan di {kec} sebagai etalase bagi pembeli dari luar daerah.",
        "Banyak produk kita sebenarnya bagus, tapi kalah di kemasan dan pemasaran. Itu yang kami benahi bersama",
        "Tahun ini {pemda} mengalokasikan sekitar {rp} untuk pendampingan UMKM. Jumlah pelaku usaha yang terdata "
        "di {wilayah} mencapai {b2} unit, sebagian besar bergerak di bidang makanan dan minuman.",
        "UMKM menjadi penopang ekonomi daerah sehingga harus terus didukung. Perbankan daerah diminta "
        "mempermudah akses kredit bagi pelaku usaha kecil.",
        "Kalau UMKM kuat, ekonomi daerah ikut kuat. Saya minta semua perangkat daerah membeli produk lokal",
        "Pelaku usaha yang ingin ikut pendampingan dapat mendaftar di kantor {dinas} pada jam kerja."),
    Topic("Dinas Komunikasi dan Informatika", "Diskominfo", ("teknologi", "tekno", "pemerintahan"), (
        ("Diskominfo {nama} Pasang Wifi Gratis di {a} Ruang Publik",
         "{pemda_panjang} memasang jaringan internet nirkabel gratis di {a} ruang publik, mulai dari taman hingga "
         "{balai} di {kec}."),
        ("{pemda} Luncurkan Aplikasi Layanan Terpadu, Warga Bisa Urus Dokumen dari Rumah",
         "{pemda_panjang} meluncurkan aplikasi layanan terpadu yang memungkinkan warga mengurus {a} jenis dokumen "
         "tanpa datang ke kantor pemerintahan.")),
        "uji coba dilakukan lebih dulu di {kec} sebelum diperluas ke seluruh wilayah. Petugas disiagakan untuk "
        "membantu warga yang belum terbiasa dengan layanan digital.",
        "Warga tidak perlu lagi antre berjam-jam. Cukup dari ponsel, permohonan bisa dipantau sampai selesai",
        "Menurut data {dinas}, pengguna layanan digital di {wilayah} mencapai {b2} orang dalam tiga bulan terakhir. "
        "Program ini bagian dari Gerakan Menuju Smart City yang diikuti {pemda}.",
        "digitalisasi layanan publik harus dibarengi keamanan data warga. Setiap perangkat daerah diminta "
        "menunjuk petugas khusus untuk menangani keluhan.",
        "Teknologi harus memudahkan warga, bukan menyulitkan. Kalau ada keluhan, segera perbaiki",
        "Warga yang mengalami kendala dapat menghubungi pusat layanan {dinas} melalui nomor pengaduan resmi."),
    Topic("Dinas Pendidikan", "Disdik", ("pendidikan",), (
        ("{pemda} Salurkan Beasiswa untuk {b} Pelajar dari Keluarga Kurang Mampu",
         "{pemda_panjang} menyalurkan beasiswa bagi {b} pelajar dari keluarga kurang mampu pada tahun ajaran ini. "
         "Bantuan diberikan dalam bentuk biaya pendidikan, seragam, dan perlengkapan sekolah."),
        ("{a} Sekolah Dasar di {kec} Direnovasi, Siswa Belajar Bergantian",
         "Sebanyak {a} gedung sekolah dasar di {kec}, {wilayah}, direnovasi karena atap dan dinding kelasnya rusak. "
         "Selama perbaikan, siswa belajar bergantian pada pagi dan siang hari.")),
        "pendataan dilakukan bersama pihak sekolah agar bantuan tepat sasaran. Sekolah yang belum masuk daftar "
        "akan diprioritaskan pada tahun anggaran berikutnya.",
        "Tidak boleh ada anak yang berhenti sekolah karena biaya atau karena kelasnya tidak layak. Itu komitmen "
        "kami",
        "Anggaran pendidikan {wilayah} tahun ini sekitar {rp}. Jumlah siswa SD dan SMP negeri di daerah itu "
        "tercatat {b2} orang.",
        "kualitas pendidikan menjadi kunci daya saing daerah. Kepala sekolah diminta melaporkan kerusakan "
        "bangunan tanpa menunggu musim penerimaan siswa baru.",
        "Guru dan siswa harus merasa aman di sekolah. Kami akan mengawal sampai semuanya selesai",
        "Orang tua yang ingin bertanya dapat datang ke kantor {dinas} atau menghubungi sekolah masing-masing."),
    Topic("Dinas Kebudayaan dan Pariwisata", "Disbudpar", ("wisata", "gaya-hidup"), (
        ("Festival Budaya {nama} Digelar, {pemda} Targetkan {b} Wisatawan",
         "{pemda_panjang} kembali menggelar festival budaya tahunan di {kec} selama {h} hari. Kesenian "
         "tradisional dan bazar kuliner lokal ditampilkan untuk menarik wisatawan dari luar daerah."),
        ("Kampung Wisata di {kec} Ramai Dikunjungi saat Libur Panjang",
         "Kampung wisata di {kec}, {wilayah}, ramai dikunjungi selama libur panjang. Pengelola mencatat sekitar "
         "{b} pengunjung dalam {h} hari terakhir.")),
        "pihaknya menggandeng kelompok sadar wisata dan pelaku usaha setempat untuk menyiapkan paket kunjungan. "
        "Warga dilibatkan sebagai pemandu, penyedia homestay, dan penjual oleh-oleh.",
        "Kami ingin wisatawan tidak hanya datang lalu pulang. Mereka harus menginap dan belanja produk warga",
        "Kunjungan wisatawan ke {wilayah} tahun lalu mencapai {b2} orang. Pajak hotel dan restoran menyumbang "
        "sekitar {p} persen pendapatan asli daerah.",
        "promosi wisata harus dibarengi perbaikan akses jalan dan kebersihan lokasi. Lahan parkir dan toilet umum "
        "yang layak diminta segera disiapkan.",
        "Potensi wisata kita besar. Tinggal bagaimana kita mengelolanya bersama warga",
        "Jadwal kegiatan dan paket wisata dapat dilihat di kanal media sosial resmi {dinas}."),
    Topic("Satuan Polisi Pamong Praja", "Satpol PP", ("hukum", "hukum-kriminal"), (
        ("Satpol PP {nama} Tertibkan {a} Lapak PKL di Trotoar {kec}",
         "Petugas {pemda} menertibkan {a} lapak pedagang kaki lima (PKL) yang berjualan di atas trotoar di {kec}. "
         "Penertiban dilakukan setelah warga mengeluhkan pejalan kaki terpaksa berjalan di badan jalan."),
        ("Razia Reklame Liar, Satpol PP {nama} Copot {b} Spanduk dan Baliho",
         "Petugas gabungan {pemda_panjang} mencopot {b} spanduk dan baliho tanpa izin di sejumlah ruas jalan di "
         "{kec} dan {kec2}. Sebagian besar reklame itu dipasang di pohon dan tiang listrik.")),
        "penertiban dilakukan setelah petugas memberikan teguran dan surat peringatan sebanyak tiga kali. Barang "
        "yang disita dapat diambil pemiliknya dengan membuat surat pernyataan.",
        "Kami tidak melarang orang mencari nafkah. Tetapi ruang publik harus tetap bisa digunakan semua warga",
        "Sepanjang tahun ini, {dinas} {wilayah} telah menggelar {a} kali operasi penertiban. {pemda} juga "
        "menyiapkan lokasi relokasi bagi pedagang di dekat pasar tradisional.",
        "penegakan peraturan daerah harus dilakukan secara humanis. Petugas diminta mengedepankan dialog dengan "
        "pedagang dan pemilik reklame.",
        "Ketertiban itu untuk kenyamanan bersama. Petugas harus tegas, tetapi tetap santun",
        "Warga dapat melaporkan pelanggaran ketertiban umum melalui layanan pengaduan {pemda}."),
    Topic("Komisi Pemilihan Umum", "KPU", ("politik", "pilkada"), (
        ("KPU {nama} Sosialisasikan Tahapan Pemilihan kepada Pemilih Pemula di {a} Sekolah",
         "Komisi Pemilihan Umum {wilayah} menggelar sosialisasi tahapan pemilihan kepada pemilih pemula di {a} "
         "sekolah menengah atas. Kegiatan itu menyasar pelajar yang akan memilih untuk pertama kali."),
        ("KPU {nama} Mulai Rekrut {b} Petugas Badan Adhoc",
         "Komisi Pemilihan Umum {wilayah} membuka pendaftaran {b} petugas badan adhoc tingkat kecamatan dan "
         "{desa}. Pendaftaran dibuka selama {h} hari di kantor KPU dan secara daring.")),
        "pihaknya bekerja sama dengan Badan Pengawas Pemilu (Bawaslu) untuk mencegah penyebaran berita bohong "
        "menjelang pemungutan suara. Materi sosialisasi disusun agar mudah dipahami anak muda.",
        "Pemilih pemula jumlahnya besar. Kalau mereka paham tahapannya, partisipasi pemilih di daerah ini bisa naik",
        "Jumlah pemilih di {wilayah} dalam daftar pemilih tetap terakhir tercatat {b2} orang. Sekitar {p} persen "
        "di antaranya berusia di bawah 30 tahun.",
        "{pemda} mendukung penuh pemilihan yang jujur dan adil. Aparatur sipil negara diingatkan untuk menjaga "
        "netralitas.",
        "ASN harus netral. Kalau ada yang terbukti berpihak, pasti ada sanksi",
        "Informasi tahapan pemilihan dapat diakses melalui laman resmi KPU dan kantor KPU setempat.",
        "Ketua"),
)  # fmt: skip

HEAD_SAID = ("{kepala}, {nama_b}, menegaskan bahwa {x}", "Sementara itu, {kepala}, {nama_b}, mengatakan, {x}")
HEAD_QUOTE = ("“{x},” ujar {pendek_b}.", "“{x},” kata {pendek_b} di sela kegiatan.")


@dataclass(frozen=True)
class Story:
    """One generated article: headline, date, byline, dateline and plain-text paragraphs."""

    title: str
    slug: str
    published: datetime
    zone: str
    author: str
    description: str
    dateline: str
    paragraphs: tuple[str, ...]  # the first follows the dateline
    region: str


def published_at(index: int, newest: datetime = NEWEST) -> datetime:
    """Publication time (WIB) of article `index`: strictly older as the index grows, article 0 at `newest` (the
    demo site moves it to the day it is started, `warta.demosite.dating`)."""
    jitter = random.Random(f"{SEED}:time:{index}").randrange(STEP_MINUTES)
    return newest - timedelta(minutes=index * STEP_MINUTES + jitter)


def story(index: int, outlet: str, section: str, provinces: tuple[str, ...] = (), newest: datetime = NEWEST) -> Story:
    """The story numbered `index` for outlet `outlet` in the section with slug `section`; article 0 is dated
    `newest`."""
    rng = random.Random(f"{SEED}:{index}")
    regions = [r for r in REGIONS if not provinces or r.province in provinces] or list(REGIONS)
    region = rng.choice(regions)
    topic = rng.choice([t for t in TOPICS if section in t.sections] or list(TOPICS))
    headline, lead = rng.choice(topic.stories)
    published = published_at(index, newest).astimezone(ZONES[region.zone])
    fields = _fields(rng, region, topic, published)
    title = headline.format_map(fields)
    first = lead.format_map(fields)
    return Story(
        title=title,
        slug=f"{_shorten(slugify(title), 80)}-{index}",
        published=published,
        zone=region.zone,
        author=_person(rng),
        description=first.split(". ")[0].rstrip(".") + ".",
        dateline=f"{region.dateline}, {outlet} —",
        paragraphs=(first, *_body(rng, topic, fields)),
        region=fields["wilayah"],
    )


def _fields(rng: random.Random, region: Region, topic: Topic, published: datetime) -> dict[str, str]:
    """The values the templates of one story are filled with."""
    kabupaten = region.kind == "Kabupaten"
    short = f"{'Pemkab' if kabupaten else 'Pemkot'} {region.name}"
    full = f"Pemerintah {region.kind} ({short.split()[0]}) {region.name}"
    first, second = rng.sample(region.districts, 2)
    head = (
        ("Bupati" if kabupaten else "Wali Kota")
        if rng.random() < 0.7
        else f"Wakil {'Bupati' if kabupaten else 'Wali Kota'}"
    )
    official = _person(rng)
    leader = _person(rng)
    while leader == official:
        leader = _person(rng)
    return {
        "wilayah": f"{region.kind} {region.name}", "nama": region.name, "pemda": short, "pemda_panjang": full,
        "kec": f"Kecamatan {first}", "kec2": f"Kecamatan {second}", "desa": "desa" if kabupaten else "kelurahan",
        "Desa": "Desa" if kabupaten else "Kelurahan", "kades": "kepala desa" if kabupaten else "lurah",
        "balai": "balai desa" if kabupaten else "kantor kelurahan", "dinas": topic.short,
        "a": str(rng.randint(3, 40)), "b": _number(rng.randint(120, 2500)), "b2": _number(rng.randint(8000, 90000)),
        "c": str(rng.randint(30, 150)), "h": str(rng.randint(2, 5)), "p": str(rng.randint(15, 95)),
        "rp": _money(rng), "tahun": str(published.year), "kepala": f"{head} {region.name}",
        "jabatan": f"{topic.chief} {topic.office} ({topic.short}) {region.kind} {region.name}",
        "nama_a": official, "pendek_a": official.split()[-1], "nama_b": leader, "pendek_b": leader.split()[-1],
        "hari": f"{DAY_NAMES[published.weekday()]} ({published.day}/{published.month}/{published.year})",
    }  # fmt: skip


def _body(rng: random.Random, topic: Topic, fields: dict[str, str]) -> list[str]:
    """The paragraphs after the lead: indirect and direct quotes of two officials, facts, a closing line."""

    def fill(template: str, **extra: str) -> str:
        return template.format_map({**fields, **{k: v.format_map(fields) for k, v in extra.items()}})

    return [
        fill("{jabatan}, {nama_a}, mengatakan, {x}", x=topic.said),
        fill("“{x},” kata {pendek_a}, {hari}.", x=topic.quote),
        fill(topic.facts),
        fill(rng.choice(HEAD_SAID), x=topic.head_said),
        fill(rng.choice(HEAD_QUOTE), x=topic.head_quote),
        fill(topic.closing),
    ]


def _person(rng: random.Random) -> str:
    """An invented full name."""
    if rng.random() < 0.5:
        return f"{rng.choice(MEN)} {rng.choice(MEN_LAST)}"
    return f"{rng.choice(WOMEN)} {rng.choice(WOMEN_LAST)}"


def _number(value: int) -> str:
    """An integer with Indonesian thousands dots: 12.500."""
    return f"{value:,}".replace(",", ".")


def _money(rng: random.Random) -> str:
    """A rupiah amount as Indonesian news writes it: Rp 2,4 miliar or Rp 750 juta."""
    if rng.random() < 0.6:
        return f"Rp {rng.randint(1, 9)},{rng.randint(1, 9)} miliar"
    return f"Rp {rng.randrange(150, 950, 50)} juta"


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Hukum & Kriminal" → "hukum-kriminal"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _shorten(slug: str, limit: int) -> str:
    """A slug cut to at most `limit` characters at a word boundary."""
    return slug if len(slug) <= limit else slug[: limit + 1].rsplit("-", 1)[0]


def long_date(moment: datetime, zone: str = "WIB", sep: str = " ") -> str:
    """An Indonesian display date: "Senin, 15 Agustus 2022 14:10 WIB" (`sep` goes before the time)."""
    day = f"{DAY_NAMES[moment.weekday()]}, {moment.day:02d} {MONTH_NAMES[moment.month - 1]} {moment.year}"
    return f"{day}{sep}{moment:%H:%M} {zone}"
