/*
 * lang.c - which language a paragraph is in.
 *
 * Why libexttextcat: Debian has two language identifiers, libexttextcat
 * (LibreOffice's Cavnar-Trenkle n-gram ranker, BSD) and libcld2 (Chrome's
 * CLD2). CLD2 is better on short text but has only a C++ API: Herald would
 * need a C++ shim and a C++ link for its C11 library, and it is no faster
 * here (measured on the html-eval gold paragraphs, one call each: CLD2 23
 * MB/s, this file 45 MB/s). libexttextcat is plain C, ships fingerprints
 * for every language Herald meets (az, sr-Latn, sr-Cyrl, hr, bs, uk, ru,
 * hy, ka ...) and exports its fingerprint API (fingerprint.h), so the
 * candidates are chosen per paragraph with no config file at all. Its
 * weaknesses (speed, short text, close pairs such as tr/az or sr/sl) are
 * what the code below works around.
 *
 * How a paragraph is decided, cheapest first (only the first LOOK bytes
 * are read, so a 10 MB paragraph costs what a 4 KB one does):
 *  1. One pass counts letters per script, letters that only some languages
 *     write (ə, ı, ğ, ћ, ђ, ј, є, ї, ў, ы ...) and words found in word lists
 *     built into the object: English and other languages' function words,
 *     short-line lists for en, az, tr, sr, ru, uk, and marker words that
 *     tell Serbian from Croatian, Slovenian and Macedonian.
 *  2. A script that one language writes decides alone (Armenian, Georgian,
 *     Greek, Hebrew, Hangul, Kana, Thai ...); Arabic script is split by the
 *     letters Persian, Urdu, Pashto and Sorani add to it.
 *  3. Latin: English function words making up a quarter of the words, with
 *     fewer function words of other languages, say "en" (most of the
 *     corpus, with no n-grams). Then ə -> az; ı/ğ -> tr, or az with q or x
 *     (Turkish writes neither). Then the word lists vote: a line most of
 *     whose words are on one language's list is in it.
 *  4. Cyrillic: ћ ђ џ -> sr, ѓ ќ ѕ -> mk, ў -> be, і ї є ґ without ы э ё
 *     -> uk, ы э ё without them -> ru, ъ as Bulgarian writes it -> bg; then
 *     the word lists.
 *  5. What is left, if it has five words or more, goes to the n-gram
 *     ranker, compared only with the fingerprints of languages of its
 *     script whose alphabet fits its letters; the answer is corrected for
 *     the pairs n-grams confuse (tr/az by letters; sr, hr, bs and sl by
 *     marker words), and English (Russian, for Cyrillic) wins a near tie.
 *  Fewer than two letters, or a short line no rule matches, is "und".
 *
 * The object owns its fingerprints, word table and a cache of the ranker's
 * recent answers (page furniture repeats); nothing is global and mutable,
 * so one hr_langid per thread is safe.
 */
#include "internal.h"

#include <libexttextcat/fingerprint.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>
#include <xxhash.h>

enum {
    LOOK = 4096,            /* bytes of a paragraph that are read */
    TC_CAP = 512,           /* bytes handed to the n-gram ranker */
    TC_NGRAMS = 400,        /* n-grams per profile, as libexttextcat has */
    TC_MIN_LETTERS = 20,    /* fewer letters or words: n-grams are not */
    TC_MIN_WORDS = 5,       /* asked, they would be noise */
    WORD_MAX = 48,          /* longer words are not looked up */
    EARLY_STEP = 1024       /* how often a long paragraph is checked for
                               being plainly English already */
};

/* ---- scripts ------------------------------------------------------------ */

enum {
    SC_OTHER, SC_LATN, SC_CYRL, SC_GREK, SC_ARMN, SC_GEOR, SC_HEBR, SC_ARAB,
    SC_THAA, SC_DEVA, SC_BENG, SC_GURU, SC_GUJR, SC_ORYA, SC_TAML, SC_TELU,
    SC_KNDA, SC_MLYM, SC_SINH, SC_THAI, SC_LAOO, SC_TIBT, SC_MYMR, SC_ETHI,
    SC_KHMR, SC_MONG, SC_HANG, SC_KANA, SC_HANI, SC_N
};

/* The language of a script that only one language of interest writes in;
 * NULL where more is needed. */
static const char *const SCRIPT_LANG[SC_N] = {
    [SC_GREK] = "el", [SC_ARMN] = "hy", [SC_GEOR] = "ka", [SC_HEBR] = "he",
    [SC_THAA] = "dv", [SC_BENG] = "bn", [SC_GURU] = "pa", [SC_GUJR] = "gu",
    [SC_ORYA] = "or", [SC_TAML] = "ta", [SC_TELU] = "te", [SC_KNDA] = "kn",
    [SC_MLYM] = "ml", [SC_SINH] = "si", [SC_THAI] = "th", [SC_LAOO] = "lo",
    [SC_TIBT] = "bo", [SC_MYMR] = "my", [SC_KHMR] = "km", [SC_MONG] = "mn",
    [SC_HANG] = "ko", [SC_KANA] = "ja", [SC_HANI] = "zh",
};

typedef struct { int32_t lo, hi; uint8_t sc; } script_range;

/* Sorted, non-overlapping; only letters reach the lookup. */
static const script_range SCRIPT_RANGES[] = {
    {0x00C0, 0x024F, SC_LATN}, {0x0250, 0x02AF, SC_LATN},
    {0x0370, 0x03FF, SC_GREK}, {0x0400, 0x052F, SC_CYRL},
    {0x0530, 0x058F, SC_ARMN}, {0x0590, 0x05FF, SC_HEBR},
    {0x0600, 0x06FF, SC_ARAB}, {0x0750, 0x077F, SC_ARAB},
    {0x0780, 0x07BF, SC_THAA}, {0x08A0, 0x08FF, SC_ARAB},
    {0x0900, 0x097F, SC_DEVA}, {0x0980, 0x09FF, SC_BENG},
    {0x0A00, 0x0A7F, SC_GURU}, {0x0A80, 0x0AFF, SC_GUJR},
    {0x0B00, 0x0B7F, SC_ORYA}, {0x0B80, 0x0BFF, SC_TAML},
    {0x0C00, 0x0C7F, SC_TELU}, {0x0C80, 0x0CFF, SC_KNDA},
    {0x0D00, 0x0D7F, SC_MLYM}, {0x0D80, 0x0DFF, SC_SINH},
    {0x0E00, 0x0E7F, SC_THAI}, {0x0E80, 0x0EFF, SC_LAOO},
    {0x0F00, 0x0FFF, SC_TIBT}, {0x1000, 0x109F, SC_MYMR},
    {0x10A0, 0x10FF, SC_GEOR}, {0x1100, 0x11FF, SC_HANG},
    {0x1200, 0x139F, SC_ETHI}, {0x1780, 0x17FF, SC_KHMR},
    {0x1800, 0x18AF, SC_MONG}, {0x1C80, 0x1C8F, SC_CYRL},
    {0x1C90, 0x1CBF, SC_GEOR}, {0x1E00, 0x1EFF, SC_LATN},
    {0x1F00, 0x1FFF, SC_GREK}, {0x2D00, 0x2D2F, SC_GEOR},
    {0x2DE0, 0x2DFF, SC_CYRL}, {0x3040, 0x30FF, SC_KANA},
    {0x3130, 0x318F, SC_HANG}, {0x31F0, 0x31FF, SC_KANA},
    {0x3400, 0x4DBF, SC_HANI}, {0x4E00, 0x9FFF, SC_HANI},
    {0xA640, 0xA69F, SC_CYRL}, {0xAC00, 0xD7AF, SC_HANG},
    {0xF900, 0xFAFF, SC_HANI}, {0xFB13, 0xFB17, SC_ARMN},
    {0xFB1D, 0xFB4F, SC_HEBR}, {0xFB50, 0xFDFF, SC_ARAB},
    {0xFE70, 0xFEFF, SC_ARAB}, {0xFF21, 0xFF5A, SC_LATN},
    {0xFF66, 0xFF9F, SC_KANA}, {0x20000, 0x2FFFF, SC_HANI},
};

static int script_of(int32_t cp)
{
    size_t lo = 0, hi = sizeof SCRIPT_RANGES / sizeof SCRIPT_RANGES[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < SCRIPT_RANGES[mid].lo)
            hi = mid;
        else if (cp > SCRIPT_RANGES[mid].hi)
            lo = mid + 1;
        else
            return SCRIPT_RANGES[mid].sc;
    }
    return SC_OTHER;
}

/* ---- fingerprints ------------------------------------------------------- */

enum { G_LATN = 1, G_CYRL, G_DEVA, G_ETHI };

typedef struct {
    const char *file;   /* <dir>/<file>.lm */
    const char *code;   /* ISO 639-1 */
    uint8_t group;      /* which script's candidates it is among */
    uint16_t ascii_max; /* Latin: a text of this many letters, all ASCII,
                           is not in this language (its letters with
                           diacritics are too common); 0 = no limit */
    const char *extra;  /* Latin: its lower-case letters beyond a-z; NULL
                           = any */
} tc_lang;

/* The languages the n-gram ranker chooses among, by script: those of the
 * region Herald reads (the Caucasus, the Balkans, Russia and its
 * neighbours) and the big languages any news crawl meets. English first:
 * it is the most likely and sets a low bar for the others' comparisons. */
static const tc_lang TC_LANGS[] = {
    {"en", "en", G_LATN, 0, ""},
    {"az", "az", G_LATN, 30, "çəğıöşüi̇"},
    {"tr", "tr", G_LATN, 40, "çğıöşüâîû"},
    {"sr-Latn", "sr", G_LATN, 150, "čćđšž"},
    {"hr", "hr", G_LATN, 150, "čćđšž"},
    {"bs", "bs", G_LATN, 150, "čćđšž"},
    {"sl", "sl", G_LATN, 150, "čšžćđ"},
    {"sq", "sq", G_LATN, 60, "çë"},
    {"ro", "ro", G_LATN, 80, "ăâîșțşţ"},
    {"hu", "hu", G_LATN, 50, "áéíóöőúüű"},
    {"de", "de", G_LATN, 300, "äöüßé"},
    {"fr", "fr", G_LATN, 150, "àâæçéèêëîïôœùûüÿ"},
    {"es", "es", G_LATN, 250, "áéíñóúü"},
    {"it", "it", G_LATN, 0, "àèéìíîòóùú"},
    {"pt", "pt", G_LATN, 200, "áâãàçéêíóôõúü"},
    {"nl", "nl", G_LATN, 0, "éëïèöüáó"},
    {"pl", "pl", G_LATN, 60, "ąćęłńóśźż"},
    {"cs", "cs", G_LATN, 50, "áčďéěíňóřšťúůýž"},
    {"sk", "sk", G_LATN, 60, "áäčďéíĺľňóôŕšťúýž"},
    {"uz", "uz", G_LATN, 0, "ʻʼ"},
    {"tk", "tk", G_LATN, 60, "äçňöşüýž"},
    {"sv", "sv", G_LATN, 120, "åäöé"},
    {"da", "da", G_LATN, 250, "æøåé"},
    {"nb", "nb", G_LATN, 250, "æøåéóòô"},
    {"fi", "fi", G_LATN, 100, "äöåšž"},
    {"et", "et", G_LATN, 100, "äöõüšž"},
    {"lv", "lv", G_LATN, 60, "āčēģīķļņšūž"},
    {"lt", "lt", G_LATN, 60, "ąčęėįšųūž"},
    {"id", "id", G_LATN, 0, "é"},
    {"vi", "vi", G_LATN, 15, NULL},
    {"ru", "ru", G_CYRL, 0, NULL}, {"uk", "uk", G_CYRL, 0, NULL},
    {"be", "be", G_CYRL, 0, NULL}, {"bg", "bg", G_CYRL, 0, NULL},
    {"mk", "mk", G_CYRL, 0, NULL}, {"sr-Cyrl", "sr", G_CYRL, 0, NULL},
    {"kk", "kk", G_CYRL, 0, NULL}, {"ky", "ky", G_CYRL, 0, NULL},
    {"tg", "tg", G_CYRL, 0, NULL}, {"mn", "mn", G_CYRL, 0, NULL},
    {"tt", "tt", G_CYRL, 0, NULL},
    {"hi", "hi", G_DEVA, 0, NULL}, {"mr", "mr", G_DEVA, 0, NULL},
    {"ne", "ne", G_DEVA, 0, NULL},
    {"am", "am", G_ETHI, 0, NULL}, {"ti", "ti", G_ETHI, 0, NULL},
};
#define N_TC (sizeof TC_LANGS / sizeof TC_LANGS[0])
_Static_assert(N_TC <= 64, "candidate sets are 64-bit masks");

/* ---- word lists --------------------------------------------------------- */

/* Bits of a word in the lexicon. The first six are the languages whose
 * lists vote (see vote()). */
enum {
    LX_EN = 1u << 0, LX_AZ = 1u << 1, LX_TR = 1u << 2, LX_SR = 1u << 3,
    LX_RU = 1u << 4, LX_UK = 1u << 5,
    N_VOTE = 6,
    LX_EN_FUNC = 1u << 8,   /* an English function word */
    LX_FOREIGN = 1u << 9,   /* a function word of another Latin-script
                               language: English hits need to outnumber
                               these, and words that are both count half */
    LX_HR = 1u << 10,       /* Croatian, not Serbian */
    LX_SRM = 1u << 11,      /* Serbian (ekavian or Serbian usage) */
    LX_SL = 1u << 12,       /* Slovenian, not Serbo-Croatian */
    LX_SHC = 1u << 13,      /* Serbo-Croatian, not Slovenian */
    LX_MK = 1u << 14,       /* Macedonian, not Serbian */
    LX_SRC = 1u << 15       /* Serbian, not Macedonian */
};

static const char *const VOTE_CODE[N_VOTE] = {"en", "az", "tr", "sr", "ru", "uk"};

typedef struct { uint32_t bits; const char *words; } word_list;

/* Words are lower case, separated by spaces. Written for Herald. */
static const word_list WORD_LISTS[] = {
    {LX_EN_FUNC | LX_EN,
     "the of and to in is that for it with as was on be by at this are from "
     "or have an they which you were her his all their has had been not but "
     "will would said who its we can there more also after than about into "
     "over up out our new when one two three he she them these those what if "
     "could should may must some other no only such any most because while "
     "where how him me my your us between during before under against since "
     "both each many much very just now then so did does do being here "
     "through off down last first year years people says told according "
     "however still well even back made like get own same another without "
     "until within including among whether though although why whose whom "
     "yet already again ever never every few next make say see i a"},
    {LX_EN,
     "news read more share follow subscribe comment comments review reviews "
     "leave photo photos author admin editor editorial team contact home "
     "search login log sign register menu latest popular related tags tag "
     "category posted updated published copyright rights reserved privacy "
     "policy terms cookies cookie newsletter email submit send write "
     "reporter article articles story stories top world politics business "
     "economy sports opinion analysis video videos live breaking today "
     "yesterday tomorrow dear resident residents city country president "
     "minister government war peace conflict military police foreign prime "
     "week day month monday tuesday wednesday thursday friday saturday "
     "sunday january february march april june july august september "
     "october november december click view show full previous page line "
     "social networks network join discussion closed open free download app "
     "close continue reading learn watch listen print save copy link source "
     "sources image images credit caption advertisement advertising "
     "sponsored partner content support help feedback report correction "
     "best trending recommended tweet post posts reply replies cancel name "
     "required website notify message newest oldest loading sorry error "
     "found enter keyword date time edition section archive feed careers "
     "jobs events shop account password forgot welcome thanks thank please "
     "let know think conversation fight against climate change global "
     "contribute too support team office staff writer correspondent "
     "reporters press agency statement officials official people's"},
    {LX_EN,
     /* verbs */
     "go goes went gone come comes came take takes took taken makes gives "
     "gave given gets got find finds know knows knew known thinks thought "
     "saw seen look looks looked want wants wanted use used uses using work "
     "works worked call called calls try tried asked need needs needed "
     "feel felt become became left put keep kept begin began seem seemed "
     "helped showed shown hear heard play played run ran move moved lived "
     "believe believed bring brought happen happened wrote written provide "
     "provided stand stood lose lost pay paid meet met include included "
     "continued set learned changed lead led understand understood watched "
     "followed stop stopped create created speak spoke spend spent grow "
     "grew opened walk walked win won offer offered remember love loved "
     "consider considered appear appeared buy bought wait served die died "
     "sent expect expected build built stay stayed fall fell cut reach "
     "reached kill killed remain remained suggest suggested raise raised "
     "passed sell sold require reported decide decided announce announced "
     "arrest arrested attacked injured wounded accused denied warned urged "
     "agreed signed held hold holds elected voted visited identify "
     "identified shot dies found dead called added rose fell slipped "
     "launched released captured destroyed fired claimed confirmed "
     "rejected demanded expressed discussed noted stressed stated "
     "explained described received sent returned began ended "
     /* nouns */
     "time person way thing man men woman women child children life hand "
     "part place case system program question number night point water "
     "room mother area money fact lot right study book eye job word issue "
     "side kind head house service friend father power hour game end "
     "member law car name idea body information parent face others level "
     "door health art history party result morning reason research girl "
     "moment air teacher force education station hospital apartment crash "
     "death sentence state states national international public security "
     "forces troops soldiers army attack ceasefire truce border region "
     "capital ministry affairs spokesman spokesperson leader leaders talks "
     "meeting agreement deal election elections vote court judge trial "
     "prison conference parliament opposition protest protesters rally "
     "crisis market markets price prices oil gas bank percent million "
     "billion dollars family families homes school schools students food "
     "fire areas town village villages road roads cars plane flight "
     "airport weapons missile missiles drone drones killing killings "
     "civilians victims refugees aid humanitarian sanctions talks "
     "negotiations relations interview rights law laws plan plans project "
     "support level leaders nation nations union council committee "
     "assembly republic territory territories occupation operation "
     "operations control head deputy secretary chief director spokeswoman "
     /* adjectives and the rest */
     "good great little old big high different small large early young "
     "important bad able better sure true special easy clear recent "
     "certain personal red difficult available likely short single medical "
     "current wrong private past fine common poor natural significant "
     "similar hot central happy serious ready simple physical general "
     "financial dark various entire legal religious cold final main green "
     "nice huge traditional cultural political economic former major late "
     "whole armed civil local regional federal human white black second "
     "third far near today's often soon later around across along above "
     "below behind despite toward towards upon via amid"},
    {LX_FOREIGN,
     /* de */ "der die das und ist nicht ein eine zu den von mit sich des auf "
     "für im dem auch es an er sie wir nach bei aus wie oder wird wurde "
     "sind war hat haben noch nur über vor zum zur als wenn dass aber so in "
     "was will also "
     /* nl */ "het een en van de dat op te zijn niet met voor ook maar om bij "
     "nog naar wordt werd deze door uit aan is heeft hebben dan al zo of "
     /* fr */ "le la les des et est une un du que qui dans pour pas sur au "
     "aux avec ce il elle ils par plus se sont ont été mais ou son sa ses "
     "leur on a ne y cette comme "
     /* es it pt */ "el los las del y por con una para su sus es lo más pero "
     "fue ha han sobre entre también este esta no che di non per della "
     "delle dei gli sono è anche alla nel nella più ma si da os do das dos "
     "em não um com na ao mas foi são pelo pela seu sua as o e "
     /* sr hr bs sl */ "je i u za od sa su iz će ili kao što ali to bi bio "
     "bila biti koji koja koje nije još kako ga ih po pre posle ki bo tudi "
     "kot lahko pri ter v z s "
     /* tr az sq ro pl cs */ "ve bir bu için ile daha çok olan gibi ama ne mi "
     "olarak sonra kadar və ilə üçün də çox kimi isə qədər të në dhe një me "
     "për nga është që ka și în cu pe la că este nu din care pentru mai "
     "sunt fost w się że jest jak dla se že ve pro jako už "
     /* sv da nb id fi */ "och att det som på är av för med til og er af "
     "at har ikke var om men under yang dan di ke dari ini itu dengan untuk "
     "tidak dalam akan pada juga ja on ei että oli kun mutta"},
    {LX_AZ,
     "və bu ki bir ilə üçün da də daha çox olan olub edib xəbər xəbərlər "
     "xəbərləri son oxu oxuyun ətraflı bax baxın şəkil foto haqqında bizi "
     "bizə izləyin abunə olun paylaş paylaşın şərh şərhlər yaz yazın əlaqə "
     "reklam bütün hüquqları qorunur gün il prezident nazir bakı azərbaycan "
     "sakini şəhəri şəhər əziz hörmətli siz biz sizin bizim mənbə mənbələr "
     "açıq lent lenti xəbərlər xəbərin gündəm siyasət iqtisadiyyat idman "
     "mədəniyyət dünya region cəmiyyət"},
    {LX_TR,
     "ve bir bu için ile da de daha çok olan haber haberler haberleri son "
     "dakika devamı devamını oku okuyun tıkla tıklayın paylaş yorum yorumlar "
     "yap yaz bizi takip edin abone ol olun iletişim reklam gündem ekonomi "
     "dünya siyaset tüm hakları saklıdır fotoğraf gazete sayın değerli "
     "sevgili türkiye şehir spor yaşam sağlık"},
    {LX_SR,
     "i u je na se da za od sa su iz ne će ili kao što ali a vesti vest "
     "najnovije pročitajte pročitaj još više komentari komentar ostavite "
     "ostavi pratite nas podeli podelite podijeli fotografija izvor svet "
     "srbija srbije društvo ekonomija hronika najčitanije preuzmite "
     "aplikaciju sajt koristi kolačiće tekst ovaj ovde isključeni prijavite "
     "pretraga početna uslovi korišćenja region "
     "и у је на се да за од са су из не ће или као што али а вести вест "
     "најновије прочитајте прочитај још више коментари коментар оставите "
     "пратите нас поделите фотографија извор свет србија србије друштво "
     "економија хроника најчитаније преузмите апликацију сајт текст овај "
     "овде претрага почетна оглас"},
    {LX_RU,
     "и в во не на что с со по это как а к из у за от о об для же все всё "
     "так его но да вы мы они он она оно их ее её был была были было будет "
     "уже или бы только также читать далее читайте новости новостей лента "
     "подписаться подпишитесь подписывайтесь нас нам нашу наш наши "
     "комментарии комментарий оставить оставьте поделиться фото видео "
     "реклама главная права защищены источник автор редакция подробнее еще "
     "ещё самые важные при после если может можно когда года году сегодня "
     "вчера завтра где кто житель жители города город уважаемый дорогой "
     "русском языке русский"},
    {LX_UK,
     "і й в у на що з із та не до як це за від для але читайте також новини "
     "новин стрічка підписатися підписуйтесь коментарі коментар фото відео "
     "реклама головна джерело автор редакція детальніше більше усі всі нас "
     "наш наші після під через його її їх був була були буде вже тільки "
     "сьогодні вчора"},
    {LX_HR,
     "tko tisuću tisuće priopćio priopćila priopćenje oporba oporbe općina "
     "općine kruh sveučilište zrakoplov glazba povijest znanost tjedan "
     "tjedna tjednu sljedeći sljedećeg sljedeće siječnja veljače ožujka "
     "travnja svibnja lipnja srpnja kolovoza rujna listopada studenoga "
     "studenog prosinca također hrvatska izvješće"},
    {LX_SRM,
     "takođe hiljada hiljade opština opštine istorija nauka nedelja nedelje "
     "sledeći sledećeg sledeće vesti uopšte saopštio saopštila saopštenje "
     "ovde dete deca vreme mesto reč januara februara marta aprila juna "
     "jula avgusta septembra oktobra novembra decembra juče posle"},
    {LX_SL,
     "in v so ki bo tudi lahko ter bil bila kot pri smo ste sem "
     "vendar zato zelo"},
    {LX_SHC, "i u su će sa bio bila ali što kao iz ovaj ova"},
    {LX_MK,
     "во со дека кои тоа овие беше нема ние вие тие ова оваа овој денес "
     "еден една многу сите ги"},
    {LX_SRC,
     "у је са који која које није био била ли али још већ овај их смо сте "
     "су бити данас један једна све сви"},
};

typedef struct { uint64_t h; uint32_t bits; } lex_slot;

/* A ranked text, by hash, and the answer. */
typedef struct { uint64_t key; const char *code; } tc_memo;
enum { MEMO_SIZE = 1024 };

/* ---- the object --------------------------------------------------------- */

struct hr_langid {
    void *fp[N_TC];          /* libexttextcat fingerprints; NULL if its file
                                is not installed */
    lex_slot *lex;
    uint32_t lex_mask;
    char tc[TC_CAP + 8];     /* what is handed to the ranker */
    tc_memo memo[MEMO_SIZE]; /* recent answers of the ranker */
};

#define FNV_BASIS 1469598103934665603ull
#define FNV_PRIME 1099511628211ull

static uint64_t fnv_step(uint64_t h, unsigned char c)
{
    return (h ^ c) * FNV_PRIME;
}

static uint32_t lex_get(const hr_langid *l, uint64_t h)
{
    if (!h)
        h = 1;
    for (uint32_t i = (uint32_t)h & l->lex_mask;; i = (i + 1) & l->lex_mask) {
        if (l->lex[i].h == h)
            return l->lex[i].bits;
        if (!l->lex[i].h)
            return 0;
    }
}

/* Words are told apart by a 64-bit hash of their bytes alone: with a
 * thousand words the chance of two colliding is about 1e-13. */
static void lex_put(hr_langid *l, uint64_t h, uint32_t bits)
{
    if (!h)
        h = 1;
    uint32_t i = (uint32_t)h & l->lex_mask;
    while (l->lex[i].h && l->lex[i].h != h)
        i = (i + 1) & l->lex_mask;
    l->lex[i].h = h;
    l->lex[i].bits |= bits;
}

static bool lex_build(hr_langid *l)
{
    size_t words = 0;
    for (size_t k = 0; k < sizeof WORD_LISTS / sizeof WORD_LISTS[0]; k++)
        for (const char *p = WORD_LISTS[k].words; *p; p++)
            words += *p == ' ';
    words += sizeof WORD_LISTS / sizeof WORD_LISTS[0];
    uint32_t cap = 64;
    while (cap < words * 3)
        cap <<= 1;
    l->lex = calloc(cap, sizeof *l->lex);
    if (!l->lex)
        return false;
    l->lex_mask = cap - 1;
    for (size_t k = 0; k < sizeof WORD_LISTS / sizeof WORD_LISTS[0]; k++) {
        const char *p = WORD_LISTS[k].words;
        while (*p) {
            while (*p == ' ')
                p++;
            if (!*p)
                break;
            uint64_t h = FNV_BASIS;
            while (*p && *p != ' ')
                h = fnv_step(h, (unsigned char)*p++);
            lex_put(l, h, WORD_LISTS[k].bits);
        }
    }
    return true;
}

static const char *const FP_DIRS[] = {
    "/usr/share/libexttextcat",
    "/usr/local/share/libexttextcat",
};

static hr_langid *fail(hr_langid *l, hr_error *err, hr_status code,
                       const char *file, const char *msg)
{
    hr_langid_free(l);
    hr_error_set(err, code, file, NULL, 0, UINT64_MAX, "%s", msg);
    return NULL;
}

hr_langid *hr_langid_new(hr_error *err)
{
    static const char *const NOMEM = "language identification: out of memory";
    hr_langid *l = calloc(1, sizeof *l);
    if (!l || !lex_build(l))
        return fail(l, err, HR_ERR_NOMEM, NULL, NOMEM);

    /* The fingerprints of libexttextcat-data; HERALD_TEXTCAT_DIR names
     * another directory holding the same files. */
    char path[1024];
    const char *dir = getenv("HERALD_TEXTCAT_DIR");
    if (dir && *dir) {
        snprintf(path, sizeof path, "%s/en.lm", dir);
        if (access(path, R_OK) != 0)
            return fail(l, err, HR_ERR_IO, path,
                        "HERALD_TEXTCAT_DIR has no language fingerprints");
    } else {
        dir = NULL;
        for (size_t i = 0; !dir && i < sizeof FP_DIRS / sizeof FP_DIRS[0];
             i++) {
            snprintf(path, sizeof path, "%s/en.lm", FP_DIRS[i]);
            if (access(path, R_OK) == 0)
                dir = FP_DIRS[i];
        }
        if (!dir)
            return fail(l, err, HR_ERR_IO, "/usr/share/libexttextcat/en.lm",
                        "language fingerprints not found: install "
                        "libexttextcat-data");
    }
    for (size_t i = 0; i < N_TC; i++) {
        snprintf(path, sizeof path, "%s/%s.lm", dir, TC_LANGS[i].file);
        /* fp_Read reports a missing file on stderr: ask first. A language
         * whose fingerprint an older data package lacks is left out. */
        if (access(path, R_OK) != 0)
            continue;
        void *fp = fp_Init(TC_LANGS[i].code);
        if (!fp)
            return fail(l, err, HR_ERR_NOMEM, NULL, NOMEM);
        if (!fp_Read(fp, path, TC_NGRAMS)) {
            fp_Done(fp);
            continue;
        }
        l->fp[i] = fp;
    }
    return l;
}

void hr_langid_free(hr_langid *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < N_TC; i++)
        if (l->fp[i])
            fp_Done(l->fp[i]);
    free(l->lex);
    free(l);
}

/* ---- one pass over the text --------------------------------------------- */

typedef struct {
    uint32_t script[SC_N];
    uint32_t letters, words;
    uint32_t latin_nonascii;
    /* Latin letters that single out languages. */
    uint32_t schwa;      /* ə: Azerbaijani */
    uint32_t dotless;    /* ı ğ İ: Turkish or Azerbaijani */
    uint32_t qx;         /* q x: Azerbaijani, never Turkish */
    uint32_t sh;         /* ş: Turkish or Azerbaijani (or Romanian) */
    uint32_t ro;         /* ă â î ț ș ţ: Romanian */
    uint32_t sq;         /* ë: Albanian */
    uint32_t upper;      /* upper-case letters */
    /* Latin letters beyond a-z, lower case, and how often each occurs. */
    int32_t special[16];
    uint16_t special_n[16];
    uint32_t n_special;
    uint32_t shc;        /* ć đ: Serbo-Croatian */
    /* Cyrillic. */
    uint32_t c_srp;      /* ђ ћ џ */
    uint32_t c_je;       /* ј љ њ: Serbian or Macedonian */
    uint32_t c_mkd;      /* ѓ ќ ѕ */
    uint32_t c_ukr;      /* і ї є ґ */
    uint32_t c_bel;      /* ў */
    uint32_t c_rus;      /* ы э ё */
    uint32_t c_hard;     /* ъ not before е ё ю я: Bulgarian */
    uint32_t c_cas;      /* ә ғ қ ң ө ұ ү һ ҳ ҷ ӣ ӯ җ: Central Asian */
    /* Arabic script. */
    uint32_t a_fa, a_ar, a_ur, a_ps, a_ku;
    /* Words. */
    uint32_t en_func, en_amb, foreign;
    uint32_t vote[N_VOTE];
    uint32_t m_hr, m_sr, m_sl, m_shc, m_mk, m_src;
} scan;

static void cue(scan *sc, int32_t cp)
{
    switch (cp) {
    case 0x0259: case 0x018F: sc->schwa++; break;
    case 0x0131: case 0x0130: case 0x011F: case 0x011E: sc->dotless++; break;
    case 0x0107: case 0x0106: case 0x0111: case 0x0110: sc->shc++; break;
    case 0x015F: case 0x015E: sc->sh++; break;
    case 0x0103: case 0x0102: case 0x00E2: case 0x00C2: case 0x00EE:
    case 0x00CE: case 0x021B: case 0x021A: case 0x0163: case 0x0162:
    case 0x0219: case 0x0218: sc->ro++; break;
    case 0x00EB: case 0x00CB: sc->sq++; break;
    case 0x0452: case 0x0402: case 0x045B: case 0x040B: case 0x045F:
    case 0x040F: sc->c_srp++; break;
    case 0x0458: case 0x0408: case 0x0459: case 0x0409: case 0x045A:
    case 0x040A: sc->c_je++; break;
    case 0x0453: case 0x0403: case 0x045C: case 0x040C: case 0x0455:
    case 0x0405: sc->c_mkd++; break;
    case 0x0456: case 0x0406: case 0x0457: case 0x0407: case 0x0454:
    case 0x0404: case 0x0491: case 0x0490: sc->c_ukr++; break;
    case 0x045E: case 0x040E: sc->c_bel++; break;
    case 0x044B: case 0x042B: case 0x044D: case 0x042D: case 0x0451:
    case 0x0401: sc->c_rus++; break;
    case 0x04D9: case 0x04D8: case 0x0493: case 0x0492: case 0x049B:
    case 0x049A: case 0x04A3: case 0x04A2: case 0x04E9: case 0x04E8:
    case 0x04B1: case 0x04B0: case 0x04AF: case 0x04AE: case 0x04BB:
    case 0x04BA: case 0x04B3: case 0x04B2: case 0x04B7: case 0x04B6:
    case 0x04E3: case 0x04E2: case 0x04EF: case 0x04EE: case 0x0497:
    case 0x0496: sc->c_cas++; break;
    /* Persian: پ چ ژ گ and the Persian forms of kaf and yeh. */
    case 0x067E: case 0x0686: case 0x0698: case 0x06AF: case 0x06A9:
    case 0x06CC: sc->a_fa++; break;
    /* Arabic: teh marbuta, alef maksura and the Arabic kaf and yeh. */
    case 0x0629: case 0x0649: case 0x0643: case 0x064A: sc->a_ar++; break;
    /* Urdu: tteh, ddal, rreh, noon ghunna, yeh barree. */
    case 0x0679: case 0x0688: case 0x0691: case 0x06BA: case 0x06D2:
        sc->a_ur++; break;
    /* Pashto: ټ ډ ړ ږ ښ ځ څ ې ۍ. */
    case 0x067C: case 0x0689: case 0x0693: case 0x0696: case 0x069A:
    case 0x0681: case 0x0685: case 0x06D0: case 0x06CD: sc->a_ps++; break;
    /* Sorani Kurdish: ڕ ڵ ێ ۆ ە. */
    case 0x0695: case 0x06B5: case 0x06CE: case 0x06C6: case 0x06D5:
        sc->a_ku++; break;
    default: break;
    }
}

/* English contractions and the possessive: "it's", "don't", "we're". */
static bool english_tail(uint32_t tail, size_t wl)
{
    if (wl < 3)
        return false;
    uint32_t t2 = tail & 0xFFFF, t3 = tail & 0xFFFFFF;
    return t2 == ('\'' << 8 | 's') || t2 == ('\'' << 8 | 'm')
        || t2 == ('\'' << 8 | 'd') || t3 == ('n' << 16 | '\'' << 8 | 't')
        || t3 == ('\'' << 16 | 'r' << 8 | 'e')
        || t3 == ('\'' << 16 | 'v' << 8 | 'e')
        || t3 == ('\'' << 16 | 'l' << 8 | 'l');
}

static void note_special(scan *sc, int32_t cp)
{
    int32_t lc = utf8proc_tolower(cp);
    sc->latin_nonascii++;
    for (uint32_t k = 0; k < sc->n_special; k++)
        if (sc->special[k] == lc) {
            sc->special_n[k]++;
            return;
        }
    if (sc->n_special < sizeof sc->special / sizeof sc->special[0]) {
        sc->special[sc->n_special] = lc;
        sc->special_n[sc->n_special++] = 1;
    }
}

static void end_word(const hr_langid *l, scan *sc, uint64_t h, size_t wl,
                     bool long_word, uint32_t tail, bool one_letter)
{
    if (long_word || !wl) {
        sc->words++;
        return;
    }
    uint32_t b = lex_get(l, h);
    if (!b && english_tail(tail, wl))
        b = LX_EN_FUNC | LX_EN;
    /* A lone letter that is no word of the lists is an initial (U.S.,
     * J. Smith): not a word. */
    if (!b) {
        sc->words += !one_letter;
        return;
    }
    sc->words++;
    if ((b & LX_EN_FUNC) && (b & LX_FOREIGN))
        sc->en_amb++;
    else if (b & LX_EN_FUNC)
        sc->en_func++;
    else if ((b & LX_FOREIGN) && !one_letter)
        sc->foreign++;      /* "e", "u", "s" are initials as often */
    for (int k = 0; k < N_VOTE; k++)
        sc->vote[k] += (b >> k) & 1;
    sc->m_hr += !!(b & LX_HR);
    sc->m_sr += !!(b & LX_SRM);
    sc->m_sl += !!(b & LX_SL);
    sc->m_shc += !!(b & LX_SHC);
    sc->m_mk += !!(b & LX_MK);
    sc->m_src += !!(b & LX_SRC);
}

/* The word being read: its hash, length and last bytes, all lower case. */
typedef struct {
    uint64_t h;
    size_t len;
    uint32_t tail;
    uint32_t letters;
    bool on, unlisted;
} word_state;

static void word_add(word_state *w, unsigned char c)
{
    w->h = fnv_step(w->h, c);
    w->len++;
    w->tail = w->tail << 8 | c;
    w->on = true;
}

static void word_end(const hr_langid *l, scan *sc, word_state *w)
{
    if (w->on)
        end_word(l, sc, w->h, w->len, w->unlisted || w->len > WORD_MAX,
                 w->tail, w->letters == 1);
    w->h = FNV_BASIS;
    w->len = 0;
    w->tail = 0;
    w->letters = 0;
    w->on = w->unlisted = false;
}

/* Enough read to call a paragraph English: all letters so far ASCII, many
 * English function words, few of any other language. */
static bool plainly_english(const scan *sc)
{
    return sc->letters == sc->script[SC_LATN] && !sc->latin_nonascii
        && sc->en_func >= 16 && 4 * (sc->en_func + sc->en_amb) >= sc->words
        && 4 * sc->foreign < sc->en_func;
}

static bool is_cyr_soft_vowel(int32_t cp)
{
    return cp == 0x0435 || cp == 0x0451 || cp == 0x044E || cp == 0x044F
        || cp == 0x0415 || cp == 0x0401 || cp == 0x042E || cp == 0x042F;
}

/* Letters are counted per script; a word is a run of letters (and marks,
 * and apostrophes between letters), lower-cased and hashed as it goes. */
static void scan_text(const hr_langid *l, const char *s, size_t n, scan *sc)
{
    word_state w = {FNV_BASIS, 0, 0, 0, false, false};
    int32_t prev = 0;       /* the previous letter, for ъ */
    size_t next_check = EARLY_STEP;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (prev) {
                sc->c_hard += prev == 0x044A || prev == 0x042A;
                prev = 0;
            }
            if ((unsigned)((c | 0x20) - 'a') < 26u) {
                /* A run of ASCII letters, the bulk of English text. */
                size_t j = i;
                uint32_t upper = 0, qx = 0;
                do {
                    unsigned char lc = (unsigned char)s[j] | 0x20;
                    upper += (unsigned char)s[j] != lc;
                    qx += lc == 'q' || lc == 'x';
                    w.h = fnv_step(w.h, lc);
                    w.tail = w.tail << 8 | lc;
                    j++;
                } while (j < n && (unsigned)(((unsigned char)s[j] | 0x20) - 'a')
                                      < 26u);
                uint32_t k = (uint32_t)(j - i);
                sc->script[SC_LATN] += k;
                sc->letters += k;
                sc->upper += upper;
                sc->qx += qx;
                w.len += k;
                w.letters += k;
                w.on = true;
                i = j;
                continue;
            }
            if (c == '\'' && w.on && i + 1 < n
                && ((unsigned)(((unsigned char)s[i + 1] | 0x20) - 'a') < 26u
                    || (unsigned char)s[i + 1] >= 0xC0)) {
                word_add(&w, '\'');
                i++;
                continue;
            }
            word_end(l, sc, &w);
            i++;
            /* A long paragraph that is plainly English need not be read
             * to the end. */
            if (i >= next_check) {
                next_check += EARLY_STEP;
                if (plainly_english(sc))
                    break;
            }
            continue;
        }
        size_t adv;
        int32_t cp = hr_utf8_decode(s + i, n - i, &adv);
        i += adv;
        if (cp == 0x2019 && w.on && i < n) {
            /* A typographic apostrophe inside a word reads as ASCII. */
            word_add(&w, '\'');
            continue;
        }
        utf8proc_category_t cat = cp < 0 ? UTF8PROC_CATEGORY_CN
                                         : utf8proc_category(cp);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
            int script = script_of(cp);
            sc->script[script]++;
            sc->letters++;
            sc->upper += cat == UTF8PROC_CATEGORY_LU;
            if (script == SC_LATN)
                note_special(sc, cp);
            if (prev == 0x044A || prev == 0x042A) {
                /* ъ before е ё ю я is Russian spelling (объявил); ъ
                 * anywhere else is Bulgarian (във, България). */
                if (is_cyr_soft_vowel(cp))
                    sc->c_rus++;
                else
                    sc->c_hard++;
            }
            cue(sc, cp);
            int32_t lc = utf8proc_tolower(cp);
            uint8_t enc[4];
            utf8proc_ssize_t k = utf8proc_encode_char(lc, enc);
            for (utf8proc_ssize_t j = 0; j < k; j++)
                word_add(&w, enc[j]);
            w.letters++;
            prev = cp;
            continue;
        }
        if (prev == 0x044A || prev == 0x042A)
            sc->c_hard++;           /* ъ at the end of a word */
        prev = 0;
        if (w.on && cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME)
            w.unlisted = true;      /* a mark: no listed word has one */
        else
            word_end(l, sc, &w);
    }
    if (prev == 0x044A || prev == 0x042A)
        sc->c_hard++;
    word_end(l, sc, &w);
}

/* ---- the n-gram ranker --------------------------------------------------- */

/* The letters of the words written in `script`, one space between words,
 * into l->tc. Digits, punctuation and words of other scripts would only
 * blur the profile (a Russian line quoting an Azerbaijani title). */
static size_t tc_text(hr_langid *l, const char *s, size_t n, int script,
                      bool lower)
{
    size_t o = 0;
    size_t i = 0;
    bool keep = false, in_word = false;
    while (i < n && o < TC_CAP) {
        size_t adv;
        int32_t cp;
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            cp = c;
            adv = 1;
        } else {
            cp = hr_utf8_decode(s + i, n - i, &adv);
        }
        bool letter;
        int sc = SC_OTHER;
        if (cp < 0x80) {
            letter = cp >= 0 && (unsigned)((cp | 0x20) - 'a') < 26u;
            sc = SC_LATN;
        } else if (cp < 0) {
            letter = false;
        } else {
            utf8proc_category_t cat = utf8proc_category(cp);
            letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME;
            if (letter)
                sc = (cat >= UTF8PROC_CATEGORY_MN) ? script : script_of(cp);
        }
        if (letter) {
            if (!in_word) {
                keep = sc == script;
                in_word = true;
                if (keep && o > 0)
                    l->tc[o++] = ' ';
            }
            if (keep) {
                if (o + 4 > TC_CAP)
                    break;
                if (lower) {
                    /* The profiles are of mixed-case text: a line in
                     * capitals matches none of them. */
                    o += (size_t)utf8proc_encode_char(utf8proc_tolower(cp),
                                                      (uint8_t *)l->tc + o);
                } else {
                    memcpy(l->tc + o, s + i, adv);
                    o += adv;
                }
            }
        } else {
            in_word = false;
        }
        i += adv;
    }
    l->tc[o] = '\0';
    return o;
}

/* Whether a Latin-script language can have written what scan saw: a
 * letter of at least 1% of the text outside its alphabet rules it out,
 * and so does a long text with no letter beyond a-z when the language
 * hardly writes a word without one. */
static bool alphabet_fits(const tc_lang *t, const scan *sc)
{
    uint32_t letters = sc->script[SC_LATN];
    if (!sc->latin_nonascii)
        return !t->ascii_max || letters < t->ascii_max;
    if (!t->extra)
        return true;
    for (uint32_t k = 0; k < sc->n_special; k++) {
        if ((uint32_t)sc->special_n[k] * 100 < letters)
            continue;
        bool found = false;
        const char *p = t->extra;
        size_t left = strlen(p);
        while (left && !found) {
            size_t adv;
            found = hr_utf8_decode(p, left, &adv) == sc->special[k];
            p += adv;
            left -= adv;
        }
        if (!found)
            return false;
    }
    return true;
}

/* Which of TC_LANGS the ranker compares with: those of `group` whose
 * fingerprint is loaded, that are in `only` (a list of codes) when it is
 * given, and (Latin) whose alphabet fits. */
static uint64_t candidates(const hr_langid *l, const scan *sc, int group,
                           const char *const *only)
{
    uint64_t mask = 0;
    for (size_t i = 0; i < N_TC; i++) {
        const tc_lang *t = &TC_LANGS[i];
        if (t->group != group || !l->fp[i])
            continue;
        if (only) {
            bool in = false;
            for (const char *const *o = only; *o && !in; o++)
                in = strcmp(*o, t->code) == 0;
            if (!in)
                continue;
        }
        if (group == G_LATN && !alphabet_fits(t, sc))
            continue;
        mask |= (uint64_t)1 << i;
    }
    return mask;
}

/* The best of the candidates in `mask` for the n bytes in l->tc; NULL
 * when the ranker has nothing to say. `favored` (may be NULL) wins when
 * its score is within `prior` times the best. */
static const char *tc_rank(hr_langid *l, size_t n, uint64_t mask,
                           const char *favored, double prior)
{
    if (n == 0 || !mask)
        return NULL;
    void *u = fp_Init(NULL);
    if (!u)
        return NULL;
    fp_SetProperty(u, TCPROP_UTF8AWARE, TC_TRUE);
    fp_SetProperty(u, TCPROP_MINIMUM_DOCUMENT_SIZE, 1);
    if (!fp_Create(u, l->tc, (uint4)n, TC_NGRAMS)) {
        fp_Done(u);
        return NULL;
    }
    const char *best = NULL;
    int best_score = INT_MAX, fav_score = INT_MAX;
    int cutoff = INT_MAX;
    for (size_t i = 0; i < N_TC; i++) {
        if (!(mask >> i & 1))
            continue;
        bool fav = favored && strcmp(favored, TC_LANGS[i].code) == 0;
        /* A profile past the cutoff cannot win: fp_Compare stops early.
         * The favoured language is scored in full. */
        int score = fp_Compare(l->fp[i], u, fav ? INT_MAX : cutoff);
        if (fav) {
            fav_score = score;
            cutoff = HR_MIN(cutoff, (int)(score / prior));
        }
        if (score < best_score) {
            best_score = score;
            best = TC_LANGS[i].code;
            cutoff = HR_MIN(cutoff, score);
        }
    }
    fp_Done(u);
    /* The language most of the corpus is in wins when its profile is
     * close to the winner's: n-gram profiles of names and product lists
     * pick Catalan or Danish as often as English. */
    if (best && fav_score < INT_MAX && fav_score <= best_score * prior)
        best = favored;
    return best;
}

/* The ranker's answer for s, from the cache when the same text (with the
 * same candidates) was ranked before: page furniture repeats. */
static const char *tc_detect(hr_langid *l, const char *s, size_t n,
                             const scan *sc, int script, int group,
                             const char *const *only, const char *favored,
                             double prior)
{
    uint64_t mask = candidates(l, sc, group, only);
    uint64_t key = XXH3_64bits_withSeed(s, n, mask ^ (uint64_t)(prior * 1000)
                                                  ^ (uint64_t)script << 56);
    if (!key)
        key = 1;
    tc_memo *m = &l->memo[key & (MEMO_SIZE - 1)];
    if (m->key == key)
        return m->code;
    bool lower = sc->upper * 2 > sc->letters;
    const char *r = tc_rank(l, tc_text(l, s, n, script, lower), mask, favored,
                            prior);
    m->key = key;
    m->code = r;
    return r;
}

/* ---- deciding ------------------------------------------------------------ */

/* A line's language by the word lists: the language (of those written in
 * `script`) with the most words found, if they are at least half the words
 * and no other language has as many. Short lines are decided here. */
static const char *vote(const scan *sc, int script)
{
    static const uint32_t LATIN = LX_EN | LX_AZ | LX_TR | LX_SR;
    static const uint32_t CYRIL = LX_SR | LX_RU | LX_UK;
    uint32_t allowed = script == SC_LATN ? LATIN : CYRIL;
    int best = -1;
    uint32_t top = 0, second = 0;
    for (int k = 0; k < N_VOTE; k++) {
        if (!(allowed & (1u << k)))
            continue;
        if (sc->vote[k] > top) {
            second = top;
            top = sc->vote[k];
            best = k;
        } else if (sc->vote[k] > second) {
            second = sc->vote[k];
        }
    }
    if (best < 0 || top == 0 || top == second || top * 2 < sc->words)
        return NULL;
    return VOTE_CODE[best];
}

/* English by function words: they make up a quarter of the words, at
 * least two of them are English only (one in a line of up to eight words;
 * "in", "to", "of", "is" are function words elsewhere too), there are more
 * than twice as many of those as of other languages' function words, and
 * hardly a letter is outside ASCII. */
static bool dense_english(const scan *sc)
{
    uint32_t latin = sc->script[SC_LATN];
    return sc->words >= 3 && sc->en_func >= (sc->words <= 8 ? 1u : 2u)
        && 4 * (sc->en_func + sc->en_amb) >= sc->words
        && sc->en_func > sc->foreign
        && sc->latin_nonascii * 33 <= latin;
}

/* Serbian, Croatian, Bosnian and Slovenian n-gram profiles are too close
 * to trust: marker words decide. Bosnian is folded into Serbian unless
 * Croatian words show. */
static const char *south_slavic(const scan *sc)
{
    uint32_t shc = sc->m_shc + sc->shc;
    if (sc->m_sl > shc)
        return "sl";
    if (sc->m_hr > sc->m_sr)
        return "hr";
    return "sr";
}

static const char *or_else(const char *a, const char *b)
{
    return a ? a : b;
}

static bool is_one_of(const char *code, const char *const *set)
{
    for (; *set; set++)
        if (code == *set || strcmp(code, *set) == 0)
            return true;
    return false;
}

static const char *latin(hr_langid *l, const char *s, size_t n, const scan *sc)
{
    static const char *const AZ_TR[] = {"az", "tr", NULL};
    static const char *const SOUTH_SLAVIC[] = {"sr", "hr", "bs", "sl", NULL};
    uint32_t letters = sc->script[SC_LATN];
    if (dense_english(sc))
        return "en";
    if (sc->schwa && sc->schwa * 50 >= letters)
        return "az";
    if (sc->dotless && sc->dotless * 100 >= letters)
        return sc->qx ? "az" : "tr";
    /* ş with q or x, and neither Romanian nor Albanian letters: an
     * Azerbaijani line that happens to have no ə. */
    if (sc->sh && sc->qx && !sc->ro && !sc->sq)
        return "az";
    const char *v = vote(sc, SC_LATN);
    if (v)
        return strcmp(v, "sr") == 0 ? south_slavic(sc) : v;
    /* Headlines, captions and lists have few function words; one that is
     * only English (or two shared with other languages), none of another
     * language's and no letter outside ASCII are enough. */
    if ((sc->en_func || sc->en_amb >= 2) && !sc->foreign
        && !sc->latin_nonascii)
        return "en";
    if (letters >= TC_MIN_LETTERS && sc->words >= TC_MIN_WORDS) {
        /* English gets a head start unless the line has other languages'
         * function words or letters. */
        bool en_ok = sc->foreign <= sc->en_func + sc->en_amb
                  && sc->latin_nonascii * 100 <= letters;
        const char *r = tc_detect(l, s, n, sc, SC_LATN, G_LATN, NULL, "en",
                                  en_ok ? 1.06 : 1.0);
        if (!r)
            return "und";
        /* Turkish has no ə, q or x; Azerbaijani is hardly without. */
        if (is_one_of(r, AZ_TR))
            return sc->schwa || sc->qx ? "az" : "tr";
        if (is_one_of(r, SOUTH_SLAVIC)) {
            if (!sc->m_shc && !sc->shc && !sc->vote[3] && !sc->m_sl
                && !sc->m_hr && !sc->m_sr)
                return "und";   /* the profiles matched, nothing else did */
            return south_slavic(sc);
        }
        return r;
    }
    if (sc->schwa)
        return "az";
    if (sc->shc)
        return "sr";
    return "und";
}

static const char *cyrillic(hr_langid *l, const char *s, size_t n,
                            const scan *sc)
{
    static const char *const CENTRAL[] = {"kk", "ky", "tg", "mn", "tt", NULL};
    uint32_t letters = sc->script[SC_CYRL];
    bool enough = letters >= TC_MIN_LETTERS && sc->words >= TC_MIN_WORDS;
    if (sc->c_cas)
        return or_else(enough ? tc_detect(l, s, n, sc, SC_CYRL, G_CYRL,
                                          CENTRAL, NULL, 1.0)
                              : NULL, "kk");
    if (sc->c_bel && !sc->c_srp && !sc->c_mkd)
        return "be";
    if (sc->c_srp && !sc->c_mkd)
        return "sr";
    if (sc->c_mkd && !sc->c_srp)
        return "mk";
    if (sc->c_je && !sc->c_rus && !sc->c_ukr)
        return sc->m_mk > sc->m_src ? "mk" : "sr";
    if (sc->c_ukr && !sc->c_rus && !sc->c_je)
        return "uk";
    if (sc->c_rus && !sc->c_ukr && !sc->c_je)
        return "ru";
    if (sc->c_hard && !sc->c_rus && !sc->c_ukr)
        return "bg";
    const char *v = vote(sc, SC_CYRL);
    if (v)
        return v;
    if (enough) {
        /* Russian is the Cyrillic language most met, and a Ukrainian line
         * of this length without і, ї or є is rare. */
        const char *r = tc_detect(l, s, n, sc, SC_CYRL, G_CYRL, NULL, "ru",
                                  1.05);
        if (r)
            return r;
    }
    return "und";
}

static const char *arabic(const scan *sc)
{
    if (sc->a_ku && sc->a_ku >= sc->a_ur && sc->a_ku >= sc->a_ps)
        return "ku";
    if (sc->a_ur && sc->a_ur >= sc->a_ps)
        return "ur";
    if (sc->a_ps)
        return "ps";
    if (sc->a_fa > sc->a_ar)
        return "fa";
    return "ar";
}

const char *hr_langid_detect(hr_langid *l, const char *text, size_t len)
{
    if (!l || !text || !len)
        return "und";
    size_t n = HR_MIN(len, (size_t)LOOK);
    scan sc;
    memset(&sc, 0, sizeof sc);
    scan_text(l, text, n, &sc);
    if (sc.letters < 2)
        return "und";

    int dom = SC_OTHER;
    for (int k = 1; k < SC_N; k++)
        if (sc.script[k] > sc.script[dom])
            dom = k;
    /* Japanese mixes Han with kana; Korean may mix Hanja with Hangul. */
    if (dom == SC_HANI || dom == SC_KANA || dom == SC_HANG) {
        uint32_t cjk = sc.script[SC_HANI] + sc.script[SC_KANA]
                     + sc.script[SC_HANG];
        if (sc.script[SC_HANG] * 5 >= cjk)
            return "ko";
        if (sc.script[SC_KANA] * 10 >= cjk)
            return "ja";
        return "zh";
    }
    switch (dom) {
    case SC_LATN:
        return latin(l, text, n, &sc);
    case SC_CYRL:
        return cyrillic(l, text, n, &sc);
    case SC_ARAB:
        return arabic(&sc);
    case SC_DEVA:
        return or_else(sc.script[SC_DEVA] >= TC_MIN_LETTERS
                           ? tc_detect(l, text, n, &sc, SC_DEVA, G_DEVA,
                                       NULL, NULL, 1.0)
                           : NULL, "hi");
    case SC_ETHI:
        return or_else(sc.script[SC_ETHI] >= TC_MIN_LETTERS
                           ? tc_detect(l, text, n, &sc, SC_ETHI, G_ETHI,
                                       NULL, NULL, 1.0)
                           : NULL, "am");
    default:
        return SCRIPT_LANG[dom] ? SCRIPT_LANG[dom] : "und";
    }
}
