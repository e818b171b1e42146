"""The built-in needs-assessment questionnaire, kept as Python data.

``build(path)`` writes it as an XLSForm (English, Bahasa Indonesia, Bahasa
Melayu); the generated ``desktop/forms/builtin/needs_assessment.xlsx`` ships
with the app and :func:`builtin_form_path` returns it. Regenerate after
editing the content::

    python -c "from desktop.forms.builtin_questionnaire import build; build()"

The questionnaire is anonymous: it asks for no names, only country, region,
agency type, role level and years of service.
"""

from __future__ import annotations

from pathlib import Path

from desktop.forms.builtin_choices import CHOICE_LISTS

FORM_ID = "needs_assessment"
VERSION = "2026.1"
LANGUAGES = (("en", "English (en)"), ("id", "Bahasa Indonesia (id)"), ("ms", "Bahasa Melayu (ms)"))
TITLE = (
    "Needs assessment: tackling online wildlife trade",
    "Penilaian kebutuhan: penanganan perdagangan satwa liar daring",
    "Penilaian keperluan: menangani perdagangan hidupan liar dalam talian",
)

HANDLED = "${online_cases_handled} = 'yes'"
TEXT_COLUMNS = ("label", "hint", "required_message", "constraint_message")
PLAIN_COLUMNS = ("required", "constraint", "relevant", "calculation", "appearance", "choice_filter")


def q(qtype: str, name: str, label: tuple = (), **columns) -> dict:
    """One survey row; translated columns are (English, Indonesian, Malay) tuples."""
    return dict(type=qtype, name=name, label=label, **columns)


SURVEY: list[dict] = [
    q(
        "note",
        "intro",
        (
            "This questionnaire is anonymous. Do not write your name or the names of suspects or "
            "colleagues. Your answers help plan training and tools against online wildlife trade.",
            "Kuesioner ini bersifat anonim. Jangan menuliskan nama Anda, nama tersangka, maupun nama "
            "rekan kerja. Jawaban Anda membantu merencanakan pelatihan dan perangkat untuk menangani "
            "perdagangan satwa liar daring.",
            "Soal selidik ini tanpa nama. Jangan tulis nama anda, nama suspek atau nama rakan sekerja. "
            "Jawapan anda membantu merancang latihan dan alat untuk menangani perdagangan hidupan liar "
            "dalam talian.",
        ),
    ),
    q("begin group", "profile", ("About you", "Tentang Anda", "Tentang anda"), appearance="field-list"),
    q(
        "select_one country",
        "country",
        ("Country where you work", "Negara tempat Anda bekerja", "Negara tempat anda bekerja"),
        required="yes",
    ),
    q(
        "select_one region",
        "region",
        ("Region", "Wilayah", "Wilayah"),
        hint=(
            "Where you are mainly based.",
            "Wilayah tempat Anda terutama bertugas.",
            "Kawasan tempat anda kebanyakannya bertugas.",
        ),
        relevant="${country} = 'ID' or ${country} = 'MY'",
        choice_filter="country = ${country}",
        appearance="minimal",
    ),
    q(
        "select_one agency or_other",
        "agency_type",
        ("Type of agency", "Jenis instansi", "Jenis agensi"),
        required="yes",
    ),
    q("select_one role", "role_level", ("Your role", "Peran Anda", "Peranan anda"), required="yes"),
    q(
        "integer",
        "years_service",
        (
            "Years of service in enforcement",
            "Lama bertugas di bidang penegakan hukum (tahun)",
            "Tempoh perkhidmatan dalam penguatkuasaan (tahun)",
        ),
        hint=(
            "Whole years; 0 if less than one year.",
            "Dalam tahun penuh; 0 jika kurang dari satu tahun.",
            "Dalam tahun penuh; 0 jika kurang daripada setahun.",
        ),
        required="yes",
        required_message=(
            "Please give your years of service (0 if less than a year).",
            "Isi lama bertugas Anda (0 jika kurang dari satu tahun).",
            "Sila nyatakan tempoh perkhidmatan anda (0 jika kurang daripada setahun).",
        ),
        constraint=". >= 0 and . <= 50",
        constraint_message=(
            "Enter a number of years between 0 and 50.",
            "Masukkan jumlah tahun antara 0 dan 50.",
            "Masukkan bilangan tahun antara 0 hingga 50.",
        ),
    ),
    q(
        "integer",
        "years_wildlife",
        (
            "Of these, years working on wildlife crime",
            "Dari jumlah itu, berapa tahun menangani kejahatan terhadap satwa liar",
            "Daripada jumlah itu, berapa tahun mengendalikan jenayah hidupan liar",
        ),
        constraint=". >= 0 and . <= ${years_service}",
        constraint_message=(
            "Cannot be more than your years of service.",
            "Tidak boleh lebih dari lama bertugas Anda.",
            "Tidak boleh melebihi tempoh perkhidmatan anda.",
        ),
    ),
    q(
        "calculate",
        "experience_band",
        # empty years compare as NaN (false), which would fall through to 'senior': test for it first
        calculation="if(${years_service} = '', '', "
        "if(${years_service} < 5, 'junior', if(${years_service} < 15, 'mid', 'senior')))",
    ),
    q("end group", ""),
    q(
        "begin group",
        "experience",
        (
            "Experience with online wildlife trade",
            "Pengalaman dengan perdagangan satwa liar daring",
            "Pengalaman dengan perdagangan hidupan liar dalam talian",
        ),
        appearance="field-list",
    ),
    q(
        "select_one yes_no",
        "online_cases_handled",
        (
            "Have you handled a case of wildlife offered or sold online?",
            "Apakah Anda pernah menangani perkara satwa liar yang ditawarkan atau dijual secara daring?",
            "Pernahkah anda mengendalikan kes hidupan liar yang ditawarkan atau dijual dalam talian?",
        ),
        required="yes",
    ),
    q(
        "integer",
        "online_cases_count",
        (
            "About how many such cases in the last 3 years?",
            "Kira-kira berapa perkara seperti itu dalam 3 tahun terakhir?",
            "Kira-kira berapa banyak kes sedemikian dalam 3 tahun lepas?",
        ),
        relevant=HANDLED,
        constraint=". >= 1 and . <= 1000",
        constraint_message=(
            "Enter a number between 1 and 1000.",
            "Masukkan angka antara 1 dan 1000.",
            "Masukkan nombor antara 1 hingga 1000.",
        ),
    ),
    q(
        "select_multiple outcome",
        "case_outcomes",
        (
            "What happened in those cases?",
            "Apa hasil dari perkara-perkara tersebut?",
            "Apakah kesudahan kes-kes tersebut?",
        ),
        hint=("Select all that apply.", "Pilih semua yang sesuai.", "Pilih semua yang berkenaan."),
        relevant=HANDLED,
    ),
    q(
        "select_one trend",
        "online_trend",
        (
            "In your view, how has online wildlife trade changed in the last 3 years?",
            "Menurut Anda, bagaimana perubahan perdagangan satwa liar daring dalam 3 tahun terakhir?",
            "Pada pandangan anda, bagaimanakah perdagangan hidupan liar dalam talian berubah dalam 3 tahun lepas?",
        ),
    ),
    q(
        "select_multiple species_group",
        "species_groups",
        (
            "Which species groups have you seen offered online?",
            "Kelompok spesies apa saja yang pernah Anda lihat ditawarkan secara daring?",
            "Kumpulan spesies manakah yang pernah anda lihat ditawarkan dalam talian?",
        ),
        hint=("Select all that apply.", "Pilih semua yang sesuai.", "Pilih semua yang berkenaan."),
    ),
    q("end group", ""),
    q(
        "begin group",
        "platforms",
        ("Platforms and techniques", "Platform dan modus", "Platform dan teknik"),
        appearance="field-list",
    ),
    q(
        "select_multiple platform or_other",
        "platforms_seen",
        (
            "On which platforms have you seen wildlife offered?",
            "Di platform mana saja Anda pernah melihat satwa liar ditawarkan?",
            "Di platform manakah anda pernah melihat hidupan liar ditawarkan?",
        ),
        hint=("Select all that apply.", "Pilih semua yang sesuai.", "Pilih semua yang berkenaan."),
    ),
    q(
        "select_multiple technique or_other",
        "techniques_seen",
        (
            "Which techniques do sellers use to avoid detection?",
            "Modus apa saja yang digunakan penjual untuk menghindari deteksi?",
            "Apakah teknik yang digunakan penjual untuk mengelak daripada dikesan?",
        ),
        hint=("Select all that apply.", "Pilih semua yang sesuai.", "Pilih semua yang berkenaan."),
    ),
    q("calculate", "techniques_count", calculation="count-selected(${techniques_seen})"),
    q("end group", ""),
    q(
        "begin group",
        "investigation",
        ("Investigation and evidence", "Penyidikan dan alat bukti", "Penyiasatan dan bahan bukti"),
        relevant=HANDLED,
        appearance="field-list",
    ),
    q(
        "select_one frequency",
        "evidence_screenshots",
        (
            "How often do you capture screenshots of online offers?",
            "Seberapa sering Anda mengambil tangkapan layar dari penawaran daring?",
            "Berapa kerap anda mengambil tangkapan skrin tawaran dalam talian?",
        ),
    ),
    q(
        "select_one frequency",
        "evidence_urls",
        (
            "How often do you record and preserve the URLs and account details?",
            "Seberapa sering Anda mencatat dan menyimpan URL serta data akun?",
            "Berapa kerap anda merekod dan menyimpan URL serta butiran akaun?",
        ),
    ),
    q(
        "select_one frequency",
        "evidence_hash",
        (
            "How often do you record a hash value or other integrity check of digital evidence?",
            "Seberapa sering Anda mencatat nilai hash atau pemeriksaan integritas lain untuk bukti digital?",
            "Berapa kerap anda merekod nilai cincangan (hash) atau semakan integriti lain bagi bukti digital?",
        ),
    ),
    q(
        "select_one yes_no",
        "platform_request",
        (
            "Have you requested data from a platform (e.g. account details, messages)?",
            "Apakah Anda pernah meminta data dari platform (mis. data akun, pesan)?",
            "Pernahkah anda meminta data daripada platform (cth. butiran akaun, mesej)?",
        ),
    ),
    q(
        "select_one platform_response",
        "platform_response",
        ("How did the platform respond?", "Bagaimana tanggapan platform?", "Bagaimanakah maklum balas platform?"),
        relevant="${platform_request} = 'yes'",
    ),
    q(
        "select_multiple evidence_difficulty",
        "evidence_difficulties",
        (
            "What are your main difficulties with online evidence?",
            "Apa kesulitan utama Anda terkait bukti daring?",
            "Apakah kesukaran utama anda berkaitan bukti dalam talian?",
        ),
        hint=("Select all that apply.", "Pilih semua yang sesuai.", "Pilih semua yang berkenaan."),
    ),
    q("end group", ""),
    q(
        "begin group",
        "legal",
        ("Legal framework", "Kerangka hukum", "Rangka kerja perundangan"),
        appearance="field-list",
    ),
    q(
        "select_one yes_no_unsure",
        "offer_is_offence",
        (
            "In your country, is offering a protected species for sale online an offence in itself, "
            "even without a completed sale?",
            "Di negara Anda, apakah menawarkan spesies dilindungi untuk dijual secara daring sudah "
            "merupakan tindak pidana, meskipun belum terjadi transaksi?",
            "Di negara anda, adakah menawarkan spesies dilindungi untuk dijual dalam talian itu sendiri "
            "suatu kesalahan, walaupun tiada jualan berlaku?",
        ),
    ),
    q(
        "select_one adequacy",
        "law_adequacy",
        (
            "How well does the current law cover online wildlife trade?",
            "Seberapa memadai hukum yang berlaku saat ini mengatur perdagangan satwa liar daring?",
            "Sejauh manakah undang-undang sedia ada merangkumi perdagangan hidupan liar dalam talian?",
        ),
    ),
    q(
        "select_multiple obstacle or_other",
        "prosecution_obstacles",
        (
            "What are the main obstacles to prosecuting online cases?",
            "Apa hambatan utama dalam penuntutan perkara daring?",
            "Apakah halangan utama dalam mendakwa kes dalam talian?",
        ),
        hint=("Select all that apply.", "Pilih semua yang sesuai.", "Pilih semua yang berkenaan."),
    ),
    q(
        "text",
        "legal_change",
        (
            "Which change in law or procedure would help you most?",
            "Perubahan hukum atau prosedur apa yang paling membantu Anda?",
            "Perubahan undang-undang atau prosedur manakah yang paling membantu anda?",
        ),
        appearance="multiline",
    ),
    q("end group", ""),
    q("begin group", "tools", ("Tools and data", "Perangkat dan data", "Alat dan data"), appearance="field-list"),
    q(
        "select_multiple tool",
        "tools_used",
        (
            "Which tools do you use for online cases?",
            "Perangkat apa saja yang Anda gunakan untuk perkara daring?",
            "Apakah alat yang anda gunakan untuk kes dalam talian?",
        ),
        constraint="not(selected(., 'none') and count-selected(.) > 1)",
        constraint_message=(
            "'None of these' cannot be combined with other answers.",
            "'Tidak satu pun' tidak dapat digabungkan dengan jawaban lain.",
            "'Tiada satu pun' tidak boleh digabungkan dengan jawapan lain.",
        ),
    ),
    q(
        "select_one yes_no",
        "sop_online_evidence",
        (
            "Does your agency have written guidance (SOP) for collecting online evidence?",
            "Apakah instansi Anda memiliki panduan tertulis (SOP) untuk pengumpulan bukti daring?",
            "Adakah agensi anda mempunyai panduan bertulis (SOP) untuk mengumpul bukti dalam talian?",
        ),
    ),
    q(
        "select_one yes_no",
        "internet_access",
        (
            "Do you have reliable internet access at work for online investigations?",
            "Apakah Anda memiliki akses internet yang andal di tempat kerja untuk penyidikan daring?",
            "Adakah anda mempunyai akses internet yang stabil di tempat kerja untuk penyiasatan dalam talian?",
        ),
    ),
    q(
        "select_one yes_no_unsure",
        "data_sharing",
        (
            "Does your unit share information on online cases with other agencies?",
            "Apakah unit Anda berbagi informasi perkara daring dengan instansi lain?",
            "Adakah unit anda berkongsi maklumat kes dalam talian dengan agensi lain?",
        ),
    ),
    q(
        "select_multiple share_channel",
        "data_sharing_channels",
        (
            "How is this information shared?",
            "Bagaimana informasi tersebut dibagikan?",
            "Bagaimanakah maklumat tersebut dikongsi?",
        ),
        relevant="${data_sharing} = 'yes'",
    ),
    q(
        "select_one skill",
        "digital_skills",
        (
            "How would you rate your own skills for online investigations?",
            "Bagaimana Anda menilai kemampuan Anda sendiri dalam penyidikan daring?",
            "Bagaimanakah anda menilai kemahiran anda sendiri dalam penyiasatan dalam talian?",
        ),
    ),
    q("end group", ""),
    q(
        "begin group",
        "training",
        ("Training needs", "Kebutuhan pelatihan", "Keperluan latihan"),
        appearance="field-list",
    ),
    q(
        "select_one yes_no",
        "training_received",
        (
            "Have you received training on online wildlife crime?",
            "Apakah Anda pernah mendapat pelatihan tentang kejahatan satwa liar daring?",
            "Pernahkah anda menerima latihan tentang jenayah hidupan liar dalam talian?",
        ),
    ),
    q(
        "select_multiple training_topic",
        "training_topics",
        (
            "Which training topics do you need most?",
            "Topik pelatihan apa yang paling Anda butuhkan?",
            "Topik latihan manakah yang paling anda perlukan?",
        ),
        hint=("Choose up to three.", "Pilih paling banyak tiga.", "Pilih sehingga tiga."),
        required="yes",
        constraint="count-selected(.) <= 3",
        constraint_message=(
            "Choose at most three topics.",
            "Pilih paling banyak tiga topik.",
            "Pilih tidak lebih daripada tiga topik.",
        ),
    ),
    q(
        "select_one training_topic",
        "training_priority",
        (
            "Which one of these is the most urgent?",
            "Manakah di antara topik tersebut yang paling mendesak?",
            "Antara topik tersebut, yang manakah paling mendesak?",
        ),
        relevant="count-selected(${training_topics}) > 1",
        choice_filter="selected(${training_topics}, name)",
    ),
    q(
        "select_multiple training_format",
        "training_formats",
        (
            "Which training formats suit you?",
            "Format pelatihan apa yang sesuai untuk Anda?",
            "Format latihan manakah yang sesuai untuk anda?",
        ),
        hint=("Select all that apply.", "Pilih semua yang sesuai.", "Pilih semua yang berkenaan."),
    ),
    q(
        "select_one language",
        "training_language",
        ("Preferred language for training", "Bahasa yang diutamakan untuk pelatihan", "Bahasa pilihan untuk latihan"),
    ),
    q("end group", ""),
    q("begin group", "closing", ("Comments", "Komentar", "Ulasan")),
    q(
        "text",
        "comments",
        (
            "Any other comments or suggestions?",
            "Ada komentar atau saran lain?",
            "Ada sebarang ulasan atau cadangan lain?",
        ),
        hint=(
            "Please do not include names or other identifying details.",
            "Mohon tidak mencantumkan nama atau rincian lain yang dapat mengidentifikasi seseorang.",
            "Sila jangan masukkan nama atau butiran lain yang boleh mengenal pasti seseorang.",
        ),
        appearance="multiline",
    ),
    q("note", "thanks", ("Thank you for your time.", "Terima kasih atas waktu Anda.", "Terima kasih atas masa anda.")),
    q("end group", ""),
]


def _cell(value):
    return value if value not in ("", None) else None


def build(path: str | Path | None = None) -> Path:
    """Write the questionnaire as an XLSForm workbook at ``path`` (default: the shipped file)."""
    path = Path(path) if path is not None else builtin_form_path()
    from openpyxl import Workbook  # only when a workbook is written: not on every start-up

    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    header = ["type", "name"]
    for column in TEXT_COLUMNS:
        header += ["{c}::{n}".format(c=column, n=name) for _code, name in LANGUAGES]
    survey.append(header + list(PLAIN_COLUMNS))
    for row in SURVEY:
        values = [row["type"], _cell(row["name"])]
        for column in TEXT_COLUMNS:
            texts = row.get(column) or ()
            values += [_cell(texts[i]) if texts else None for i in range(len(LANGUAGES))]
        values += [_cell(row.get(column)) for column in PLAIN_COLUMNS]
        survey.append(values)

    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name"] + ["label::{n}".format(n=name) for _c, name in LANGUAGES] + ["country"])
    for list_name, items in CHOICE_LISTS.items():
        for item in items:
            extra = item[4] if len(item) > 4 else {}
            choices.append([list_name, item[0], item[1], item[2], item[3], extra.get("country")])

    settings = wb.create_sheet("settings")
    settings.append(
        ["form_id", "version"] + ["form_title::{n}".format(n=name) for _c, name in LANGUAGES] + ["default_language"]
    )
    settings.append([FORM_ID, VERSION] + list(TITLE) + ["English (en)"])
    for sheet in (survey, choices, settings):
        sheet.freeze_panes = "A2"
    wb.save(path)
    return path


def builtin_form_path() -> Path:
    """Path of the shipped needs-assessment XLSForm."""
    return Path(__file__).resolve().parent / "builtin" / "needs_assessment.xlsx"
