/* test_html.c - the HTML reader: paragraphs, tags, ctx flags, links,
 * metadata and their precedence, charsets, and pages that are broken on
 * purpose. All pages are written here; the real pages of
 * ../shared/corpora/html-eval are read when present. */
#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

#include <cjson/cJSON.h>

static hr_ingest_options g_opt;

static int setup(void **state)
{
    hr_docb *b = calloc(1, sizeof *b);
    if (!b || !hr_docb_init(b, &g_opt))
        return -1;
    *state = b;
    return 0;
}

static int teardown(void **state)
{
    hr_docb *b = *state;
    hr_docb_free(b);
    free(b);
    return 0;
}

static const hr_document *parse_n(hr_docb *b, const char *html, size_t len,
                                  const char *charset, const char *url)
{
    hr_error err;
    memset(&err, 0, sizeof err);
    hr_docb_begin(b, "test.html", 0, HR_FMT_HTML);
    assert_int_equal(hr_html_to_doc(b, html, len, charset, url, &err), HR_OK);
    return hr_docb_finish(b);
}

static const hr_document *parse(hr_docb *b, const char *html)
{
    return parse_n(b, html, strlen(html), NULL, NULL);
}

static int find_para(const hr_document *d, const char *text)
{
    for (size_t i = 0; i < d->n_paragraphs; i++)
        if (strcmp(d->paragraphs[i].text, text) == 0)
            return (int)i;
    return -1;
}

static const hr_paragraph *para(const hr_document *d, const char *text)
{
    int i = find_para(d, text);
    if (i < 0)
        fail_msg("no paragraph \"%s\"", text);
    return &d->paragraphs[i];
}

/* Every paragraph keeps the document promises. */
static void check_invariants(const hr_document *d)
{
    for (size_t i = 0; i < d->n_paragraphs; i++) {
        const hr_paragraph *p = &d->paragraphs[i];
        assert_non_null(p->text);
        assert_true(p->len > 0);
        assert_int_equal(strlen(p->text), p->len);
        assert_int_equal(hr_utf8_valid_prefix(p->text, p->len), p->len);
        assert_null(memchr(p->text, '\n', p->len));
        assert_non_null(p->tag);
        for (size_t k = 0; k < p->n_links; k++) {
            assert_true(p->links[k].start < p->links[k].end);
            assert_true(p->links[k].end <= p->len);
        }
    }
}

/* ---- paragraphs ------------------------------------------------------------ */

static void test_paragraphs_in_order(void **state)
{
    const hr_document *d = parse(*state,
        "<!DOCTYPE html><html><head><title>T</title></head><body>"
        "<h1>Council votes on budget</h1>"
        "<p>The council met on Monday.</p>"
        "<ul><li>First point</li><li>Second point</li></ul>"
        "<table><tr><td>Cell one</td><th>Head cell</th></tr></table>"
        "<blockquote>A quoted line.</blockquote>"
        "<pre>  some   code  </pre>"
        "<dl><dt>Term</dt><dd>Definition</dd></dl>"
        "<address>1 Main Street</address>"
        "</body></html>");
    check_invariants(d);
    const char *texts[] = {"Council votes on budget", "The council met on Monday.",
                           "First point", "Second point", "Cell one", "Head cell",
                           "A quoted line.", "some code", "Term", "Definition",
                           "1 Main Street"};
    const char *tags[] = {"h1", "p", "li", "li", "td", "th", "blockquote", "pre",
                          "dt", "dd", "address"};
    assert_int_equal(d->n_paragraphs, 11);
    for (size_t i = 0; i < 11; i++) {
        assert_string_equal(d->paragraphs[i].text, texts[i]);
        assert_string_equal(d->paragraphs[i].tag, tags[i]);
        assert_int_equal(d->paragraphs[i].kind, HR_PARA_BODY);
    }
}

static void test_nested_blocks_split(void **state)
{
    const hr_document *d = parse(*state,
        "<body><div>Before the list <p>Inner paragraph.</p> after it.</div>"
        "<section>Loose <b>section</b> text<article><p>Deep.</p></article></section>"
        "Bare body text</body>");
    check_invariants(d);
    assert_int_equal(d->n_paragraphs, 6);
    assert_string_equal(d->paragraphs[0].text, "Before the list");
    assert_string_equal(d->paragraphs[0].tag, "div");
    assert_string_equal(d->paragraphs[1].text, "Inner paragraph.");
    assert_string_equal(d->paragraphs[1].tag, "p");
    assert_string_equal(d->paragraphs[2].text, "after it.");
    assert_string_equal(d->paragraphs[2].tag, "div");
    assert_string_equal(d->paragraphs[3].text, "Loose section text");
    assert_string_equal(d->paragraphs[3].tag, "section");
    assert_string_equal(d->paragraphs[4].text, "Deep.");
    assert_string_equal(d->paragraphs[5].text, "Bare body text");
    assert_string_equal(d->paragraphs[5].tag, "body");
}

static void test_br_breaks(void **state)
{
    const hr_document *d = parse(*state,
        "<p>Line one<br>line two<br/> <br>Second paragraph<br><br><br>Third</p>");
    check_invariants(d);
    assert_int_equal(d->n_paragraphs, 3);
    assert_string_equal(d->paragraphs[0].text, "Line one line two");
    assert_string_equal(d->paragraphs[1].text, "Second paragraph");
    assert_string_equal(d->paragraphs[2].text, "Third");
    assert_string_equal(d->paragraphs[2].tag, "p");
}

static void test_whitespace_and_entities(void **state)
{
    const hr_document *d = parse(*state,
        "<p>\n   Tom &amp; Jerry &#8211; a \t\n  <b>show</b>&nbsp;&nbsp;"
        "caf&eacute; &#x201C;quoted&#x201D;   </p>"
        "<p>glued<b>together</b> and <i> spaced </i>words</p>");
    check_invariants(d);
    assert_int_equal(d->n_paragraphs, 2);
    assert_string_equal(d->paragraphs[0].text,
                        "Tom & Jerry \xE2\x80\x93 a show caf\xC3\xA9 "
                        "\xE2\x80\x9Cquoted\xE2\x80\x9D");
    assert_string_equal(d->paragraphs[1].text, "gluedtogether and spaced words");
}

static void test_skipped_elements(void **state)
{
    const hr_document *d = parse(*state,
        "<html><head><title>Page</title><style>p{color:red}</style>"
        "<script>var x = '<p>not text</p>';</script></head><body>"
        "<p>Kept <script>document.write('no')</script>text."
        "<noscript>Enable JS</noscript></p>"
        "<template><p>tmpl</p></template>"
        "<svg><title>icon</title><text>svgtext</text></svg>"
        "<math><mi>x</mi></math>"
        "<iframe>frame text</iframe><object>obj</object><canvas>cv</canvas>"
        "<form><p>Form <button>Click me</button>label</p>"
        "<select><option>Choice</option></select><textarea>typed</textarea></form>"
        "<p>End.</p></body></html>");
    check_invariants(d);
    assert_int_equal(d->n_paragraphs, 3);
    assert_string_equal(d->paragraphs[0].text, "Kept text.");
    assert_string_equal(d->paragraphs[1].text, "Form label");
    assert_true(d->paragraphs[1].ctx & HR_CTX_FORM);
    assert_string_equal(d->paragraphs[2].text, "End.");
    assert_string_equal(d->title, "Page");
}

/* ---- ctx flags ------------------------------------------------------------- */

static void test_ctx_ancestors(void **state)
{
    const hr_document *d = parse(*state,
        "<body class='post-template single-post'>"
        "<header><nav><ul><li><a href='/'>Home</a></li></ul></nav></header>"
        "<main><article><h2>Headline</h2><p>Body text.</p>"
        "<figure><figcaption>A photo.</figcaption></figure>"
        "<blockquote><p>Quoted.</p></blockquote>"
        "<table><caption>Table title</caption><tr><td>Cell</td></tr></table>"
        "</article><aside><p>Aside text.</p></aside></main>"
        "<footer><p>Copyright.</p></footer>"
        "<div role='navigation'>Role nav</div><div role='contentinfo'>Role foot</div>"
        "</body>");
    check_invariants(d);
    assert_int_equal(para(d, "Home")->ctx,
                     HR_CTX_HEADER | HR_CTX_NAV | HR_CTX_LIST);
    assert_int_equal(para(d, "Headline")->ctx,
                     HR_CTX_MAIN | HR_CTX_ARTICLE | HR_CTX_HEADING);
    /* Body classes name the page type: no hint on every paragraph. */
    assert_int_equal(para(d, "Body text.")->ctx, HR_CTX_MAIN | HR_CTX_ARTICLE);
    assert_int_equal(para(d, "A photo.")->ctx,
                     HR_CTX_MAIN | HR_CTX_ARTICLE | HR_CTX_CAPTION);
    assert_int_equal(para(d, "Quoted.")->ctx,
                     HR_CTX_MAIN | HR_CTX_ARTICLE | HR_CTX_QUOTE);
    assert_int_equal(para(d, "Table title")->ctx,
                     HR_CTX_MAIN | HR_CTX_ARTICLE | HR_CTX_CAPTION);
    assert_int_equal(para(d, "Cell")->ctx,
                     HR_CTX_MAIN | HR_CTX_ARTICLE | HR_CTX_TABLE);
    assert_int_equal(para(d, "Aside text.")->ctx, HR_CTX_MAIN | HR_CTX_ASIDE);
    assert_int_equal(para(d, "Copyright.")->ctx, HR_CTX_FOOTER);
    assert_int_equal(para(d, "Role nav")->ctx, HR_CTX_NAV);
    assert_int_equal(para(d, "Role foot")->ctx, HR_CTX_FOOTER);
    assert_string_equal(para(d, "Home")->tag, "li");
    assert_string_equal(para(d, "Table title")->tag, "caption");
}

static void test_ctx_hints(void **state)
{
    const hr_document *d = parse(*state,
        "<div class='social-share-bar'>Share this</div>"
        "<div id='relatedStories'>Related one</div>"
        "<div class='ad-slot top'>Buy now</div>"
        "<div class='header-ads'>More ads</div>"
        "<div class='comments'>Leave a comment</div>"
        "<div class='newsletter signup'>Sign up</div>"
        "<div class='article-body'>Content one</div>"
        "<div class='bodyText'>Content two</div>"
        "<div itemprop='articleBody'>Content three</div>"
        "<div class='entry-content'><p>Nested content</p></div>"
        "<div class='download loader shadow'>No hint</div>"
        "<p>Text with <span class='share-links'>a share span</span></p>");
    check_invariants(d);
    assert_int_equal(para(d, "Share this")->ctx, HR_CTX_BOILER_HINT);
    assert_int_equal(para(d, "Related one")->ctx, HR_CTX_BOILER_HINT);
    assert_int_equal(para(d, "Buy now")->ctx, HR_CTX_BOILER_HINT);
    assert_int_equal(para(d, "More ads")->ctx, HR_CTX_BOILER_HINT);
    assert_int_equal(para(d, "Leave a comment")->ctx, HR_CTX_BOILER_HINT);
    assert_int_equal(para(d, "Sign up")->ctx, HR_CTX_BOILER_HINT);
    assert_int_equal(para(d, "Content one")->ctx, HR_CTX_CONTENT_HINT);
    assert_int_equal(para(d, "Content two")->ctx, HR_CTX_CONTENT_HINT);
    assert_int_equal(para(d, "Content three")->ctx, HR_CTX_CONTENT_HINT);
    assert_int_equal(para(d, "Nested content")->ctx, HR_CTX_CONTENT_HINT);
    assert_int_equal(para(d, "No hint")->ctx, 0);
    /* An inline element's flags join the paragraph it is in. */
    assert_int_equal(para(d, "Text with a share span")->ctx, HR_CTX_BOILER_HINT);
}

/* ---- links ------------------------------------------------------------------ */

static void expect_span(const hr_paragraph *p, size_t k, const char *text)
{
    assert_true(k < p->n_links);
    size_t n = p->links[k].end - p->links[k].start;
    assert_int_equal(n, strlen(text));
    assert_memory_equal(p->text + p->links[k].start, text, n);
}

static void test_link_spans(void **state)
{
    const hr_document *d = parse(*state,
        "<p>See <a href='/r'>the report</a> and <a href='/m'> <b>more</b> news </a>"
        "today, <a name='x'>not a link</a>.</p>"
        "<ul><li><a href='/'>Home</a></li></ul>"
        "<a href='/big'><div>Block one</div><div>Block two</div></a>"
        "<p><a href='/a'>first</a><a href='/b'>second</a></p>");
    check_invariants(d);
    const hr_paragraph *p = para(d, "See the report and more news today, not a link.");
    assert_int_equal(p->n_links, 2);
    expect_span(p, 0, "the report");
    expect_span(p, 1, "more news");
    p = para(d, "Home");
    assert_int_equal(p->n_links, 1);
    expect_span(p, 0, "Home");
    /* A link around blocks marks the text of each. */
    p = para(d, "Block one");
    assert_int_equal(p->n_links, 1);
    expect_span(p, 0, "Block one");
    p = para(d, "Block two");
    assert_int_equal(p->n_links, 1);
    expect_span(p, 0, "Block two");
    p = para(d, "firstsecond");
    assert_int_equal(p->n_links, 2);
    expect_span(p, 0, "first");
    expect_span(p, 1, "second");
}

/* ---- offsets ------------------------------------------------------------------ */

static void test_offsets(void **state)
{
    const char *html = "<html><body>\n<p class=\"lead\">Hello there</p>"
                       "<div>abc<p>inner</p>tail</div>"
                       "<p>x<br><br>after break</p></body></html>";
    const hr_document *d = parse(*state, html);
    check_invariants(d);
    assert_int_equal(para(d, "Hello there")->offset,
                     (uint64_t)(strstr(html, "<p class") - html));
    assert_int_equal(para(d, "abc")->offset, (uint64_t)(strstr(html, "<div>") - html));
    assert_int_equal(para(d, "inner")->offset, (uint64_t)(strstr(html, "<p>inner") - html));
    const char *after = strstr(html, "inner</p>") + strlen("inner</p>");
    assert_int_equal(para(d, "tail")->offset, (uint64_t)(after - html));
    const char *brk = strstr(html, "<br><br>") + strlen("<br><br>");
    assert_int_equal(para(d, "after break")->offset, (uint64_t)(brk - html));
}

/* ---- metadata --------------------------------------------------------------- */

static void test_title_precedence(void **state)
{
    const char *og = "<meta property='og:title' content=' OG  title '>";
    const char *tw = "<meta name='twitter:title' content='Twitter title'>";
    const char *tt = "<title>Tag &amp; title</title>";
    const char *body = "<body><svg><title>Icon</title></svg><h1>First <i>h1</i></h1><h1>Second</h1></body>";
    char html[1024];
    snprintf(html, sizeof html, "<head>%s%s%s%s</head>%s", tt, tw, og, "", body);
    assert_string_equal(parse(*state, html)->title, "OG title");
    snprintf(html, sizeof html, "<head>%s%s</head>%s", tt, tw, body);
    assert_string_equal(parse(*state, html)->title, "Twitter title");
    snprintf(html, sizeof html, "<head>%s</head>%s", tt, body);
    assert_string_equal(parse(*state, html)->title, "Tag & title");
    snprintf(html, sizeof html, "<head></head>%s", body);
    assert_string_equal(parse(*state, html)->title, "First h1");
    assert_null(parse(*state, "<p>No title anywhere.</p>")->title);
}

static void test_url_and_outlet(void **state)
{
    hr_docb *b = *state;
    const char *arg = "https://www.Example.org/news/1?x=2";
    const char *html =
        "<head><link rel='alternate' href='https://m.example.org/1'>"
        "<link rel='Canonical' href='https://example.org/news/1'>"
        "<meta property='og:url' content='https://og.example.org/1'>"
        "<meta property='og:site_name' content='Example News'>"
        "<meta name='application-name' content='ExampleApp'></head><p>x</p>";
    const hr_document *d = parse_n(b, html, strlen(html), NULL, arg);
    assert_string_equal(d->url, "https://example.org/news/1");
    assert_string_equal(d->outlet, "Example News");
    assert_string_equal(d->outlet_source, "og:site_name");

    html = "<head><meta property='og:url' content='https://og.example.org/1'>"
           "<meta name='application-name' content='ExampleApp'></head><p>x</p>";
    d = parse_n(b, html, strlen(html), NULL, arg);
    assert_string_equal(d->url, "https://og.example.org/1");
    assert_string_equal(d->outlet, "ExampleApp");
    assert_string_equal(d->outlet_source, "application-name");

    html = "<p>x</p>";
    d = parse_n(b, html, strlen(html), NULL, arg);
    assert_string_equal(d->url, arg);
    assert_string_equal(d->outlet, "example.org");
    assert_string_equal(d->outlet_source, "url-host");

    /* A relative canonical resolves against the page's URL. */
    html = "<link rel=canonical href='/news/2'><p>x</p>";
    d = parse_n(b, html, strlen(html), NULL, "http://user@www.news.example.com:8080/a/b");
    assert_string_equal(d->url, "http://user@www.news.example.com:8080/news/2");
    assert_string_equal(d->outlet, "news.example.com");

    /* No URL at all. */
    d = parse_n(b, html, strlen(html), NULL, NULL);
    assert_null(d->url);
    assert_null(d->outlet);
}

static void expect_date(const hr_document *d, int y, int m, int day,
                        const char *source)
{
    assert_int_equal(d->date.year, y);
    assert_int_equal(d->date.month, m);
    assert_int_equal(d->date.day, day);
    assert_non_null(d->date_source);
    assert_string_equal(d->date_source, source);
}

static void test_date_sources(void **state)
{
    hr_docb *b = *state;
    struct {
        const char *html;
        int y, m, d;
        const char *source;
    } cases[] = {
        {"<meta property='article:published_time' content='2020-11-13T12:34:00+04:00'>",
         2020, 11, 13, "meta:article:published_time"},
        {"<meta name='article:published_time' content='2020-11-14'>", 2020, 11, 14,
         "meta:article:published_time"},
        {"<meta property='og:article:published_time' content='2021-01-02'>", 2021, 1, 2,
         "meta:og:article:published_time"},
        {"<meta property='og:published_time' content='2021-01-03'>", 2021, 1, 3,
         "meta:og:published_time"},
        {"<body><span itemprop='datePublished' content='2019-05-06'>May 6</span></body>",
         2019, 5, 6, "itemprop:datePublished"},
        {"<body><time itemprop='datePublished' datetime='2019-05-07T08:00Z'>x</time></body>",
         2019, 5, 7, "itemprop:datePublished"},
        {"<script type='application/ld+json'>{\"@type\":\"NewsArticle\","
         "\"datePublished\":\"2018-03-04T05:06:07Z\"}</script>",
         2018, 3, 4, "json-ld:datePublished"},
        {"<meta name='date' content='2017-07-08'>", 2017, 7, 8, "meta:date"},
        {"<meta name='pubdate' content='20170709'>", 2017, 7, 9, "meta:pubdate"},
        {"<meta name='DC.date.issued' content='2017-07-10'>", 2017, 7, 10,
         "meta:dc.date.issued"},
        {"<meta name='sailthru.date' content='2017-07-11 10:00:00'>", 2017, 7, 11,
         "meta:sailthru.date"},
        {"<meta name='parsely-pub-date' content='2017-07-12'>", 2017, 7, 12,
         "meta:parsely-pub-date"},
        {"<meta name='publish-date' content='2017-07-13'>", 2017, 7, 13,
         "meta:publish-date"},
        {"<body><article><time datetime='2016-02-03'>Feb 3</time><p>x</p></article></body>",
         2016, 2, 3, "time"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char html[1024];
        snprintf(html, sizeof html, "%s<p>Some body text.</p>", cases[i].html);
        const hr_document *d = parse(b, html);
        expect_date(d, cases[i].y, cases[i].m, cases[i].d, cases[i].source);
    }
    /* <time> outside an article says nothing; an unparsable value is
     * skipped for the next one of the same kind. */
    const hr_document *d = parse(b, "<p><time datetime='2016-02-03'>x</time></p>");
    assert_int_equal(d->date.year, 0);
    assert_null(d->date_source);
    d = parse(b, "<meta name='date' content='yesterday'>"
                 "<meta name='dc.date' content='2015-01-01'><p>x</p>");
    expect_date(d, 2015, 1, 1, "meta:dc.date");
}

static void test_date_precedence(void **state)
{
    hr_docb *b = *state;
    /* Listed worst first, so that the best source comes last in the page:
     * precedence, not order, decides. */
    const char *src[] = {
        "<article><time datetime='2010-01-06'>t</time></article>",
        "<meta name='date' content='2010-01-05'>",
        "<script type='application/ld+json'>{\"datePublished\":\"2010-01-04\"}</script>",
        "<meta itemprop='datePublished' content='2010-01-03'>",
        "<meta property='og:article:published_time' content='2010-01-02'>",
        "<meta property='article:published_time' content='2010-01-01'>",
    };
    const char *names[] = {"time", "meta:date", "json-ld:datePublished",
                           "itemprop:datePublished", "meta:og:article:published_time",
                           "meta:article:published_time"};
    for (int upto = 6; upto >= 1; upto--) {
        char html[2048] = "";
        for (int i = 0; i < upto; i++)
            strcat(html, src[i]);
        strcat(html, "<p>Body.</p>");
        const hr_document *d = parse(b, html);
        expect_date(d, 2010, 1, 7 - upto, names[upto - 1]);
    }
}

static void test_json_ld(void **state)
{
    hr_docb *b = *state;
    const hr_document *d = parse(b,
        "<script type='application/ld+json'>{\"@context\":\"https://schema.org\","
        "\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"x\"},"
        "{\"@type\":\"NewsArticle\",\"datePublished\":\"not a date\","
        "\"author\":[{\"@type\":\"Person\",\"name\":\"A\"}]},"
        "{\"@type\":\"NewsArticle\",\"datePublished\":\"2022-08-09T10:11:12+02:00\"}]}"
        "</script><p>Text.</p>");
    expect_date(d, 2022, 8, 9, "json-ld:datePublished");

    /* Broken JSON costs the date, not the page; a later block still counts. */
    d = parse(b,
        "<script type='application/ld+json'>{\"datePublished\": \"2001-01-01\",,,</script>"
        "<script type=\"application/ld+json\">[{\"headline\":\"h\"},"
        "{\"datePublished\":\"2002-02-02\"}]</script>"
        "<p>Still here.</p>");
    assert_int_not_equal(find_para(d, "Still here."), -1);
    expect_date(d, 2002, 2, 2, "json-ld:datePublished");

    d = parse(b, "<script type='application/ld+json'>{{{{ [[[ \"</script><p>Only text.</p>");
    assert_int_equal(d->n_paragraphs, 1);
    assert_int_equal(d->date.year, 0);

    /* Wrapped in CDATA markers, and a type with parameters. */
    d = parse(b,
        "<script type='application/ld+json; charset=utf-8'>//<![CDATA[\n"
        "{\"datePublished\":\"2003-03-03\"}\n//]]></script><p>t</p>");
    expect_date(d, 2003, 3, 3, "json-ld:datePublished");
}

/* ---- charsets ------------------------------------------------------------------ */

static void test_charset_windows1251(void **state)
{
    hr_docb *b = *state;
    /* "Привет, мир" in windows-1251. */
    const char *cyr = "\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0";
    const char *utf = "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, "
                      "\xD0\xBC\xD0\xB8\xD1\x80";
    char html[512];
    snprintf(html, sizeof html,
             "<html><head><meta http-equiv='Content-Type' "
             "content='text/html; charset=windows-1251'><title>%s</title></head>"
             "<body><p>%s</p></body></html>", cyr, cyr);
    const hr_document *d = parse(b, html);
    check_invariants(d);
    assert_int_equal(d->n_paragraphs, 1);
    assert_string_equal(d->paragraphs[0].text, utf);
    assert_string_equal(d->title, utf);
    assert_int_equal(d->invalid_utf8, 0);

    snprintf(html, sizeof html, "<meta charset=\"WINDOWS-1251\"><p>%s</p>", cyr);
    d = parse(b, html);
    assert_string_equal(d->paragraphs[0].text, utf);

    /* The charset from HTTP headers, no meta. */
    snprintf(html, sizeof html, "<p>%s</p>", cyr);
    d = parse_n(b, html, strlen(html), "cp1251", NULL);
    assert_string_equal(d->paragraphs[0].text, utf);
}

static void test_charset_other(void **state)
{
    hr_docb *b = *state;
    /* Labelled Latin-1 but really UTF-8 (common): read as UTF-8. */
    const char *html = "<meta charset='iso-8859-1'><p>Caf\xC3\xA9 \xE2\x80\x93 ok</p>";
    const hr_document *d = parse(b, html);
    assert_string_equal(d->paragraphs[0].text, "Caf\xC3\xA9 \xE2\x80\x93 ok");

    /* Really Latin-1: decoded as windows-1252 (0x93/0x94 are quotes). */
    html = "<p>Caf\xE9 \x93quoted\x94</p>";
    d = parse_n(b, html, strlen(html), "ISO-8859-1", NULL);
    assert_string_equal(d->paragraphs[0].text,
                        "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");

    /* No label and invalid UTF-8: each bad byte becomes U+FFFD, counted. */
    html = "<p>bad \xFF byte and \xC3 here</p>";
    d = parse(b, html);
    assert_string_equal(d->paragraphs[0].text,
                        "bad \xEF\xBF\xBD byte and \xEF\xBF\xBD here");
    assert_int_equal(d->invalid_utf8, 2);

    /* An unknown charset falls back to UTF-8. */
    html = "<p>na\xC3\xAFve</p>";
    d = parse_n(b, html, strlen(html), "x-no-such-charset", NULL);
    assert_string_equal(d->paragraphs[0].text, "na\xC3\xAFve");

    /* UTF-16 with a byte order mark. */
    const char u16[] = "\xFF\xFE<\0p\0>\0h\0\xE9\0<\0/\0p\0>\0";
    d = parse_n(b, u16, sizeof u16 - 1, NULL, NULL);
    assert_int_equal(d->n_paragraphs, 1);
    assert_string_equal(d->paragraphs[0].text, "h\xC3\xA9");

    /* A UTF-8 byte order mark is not text. */
    html = "\xEF\xBB\xBF<p>bom</p>";
    d = parse(b, html);
    assert_string_equal(d->paragraphs[0].text, "bom");
}

/* ---- hostile input ------------------------------------------------------------------ */

#define NUL_PAGE "<p>hello</p>\0\0\0<p>after nul</p>"

static void test_broken_html(void **state)
{
    hr_docb *b = *state;
    const char *pages[] = {
        "<html><body><p>Unclosed <b>bold <div>and a div",
        "<p>hello</p><a href=\"x",
        "<p>hello</p><!-- never closed comment <p>hidden</p>",
        "<p>hello</p><script>while(1){}",
        "<p>hello</p></div></div></span></p></body></html></html><p>late",
        "<p>hello<p/><</<<>>&&&#;&#xZZZ;&nosuchentity;</p>",
        "<p>hello</p><p <p <p a=b c='d>",
        "<<<<<<<<<<<<hello",
        "<",
        "</",
        "<!DOCTYPE",
        NUL_PAGE,
    };
    size_t lens[sizeof pages / sizeof pages[0]];
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
        lens[i] = strlen(pages[i]);
    lens[11] = sizeof NUL_PAGE - 1;
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        const hr_document *d = parse_n(b, pages[i], lens[i], NULL, NULL);
        check_invariants(d);
        if (i < 7)
            assert_true(d->n_paragraphs >= 1);
    }
    const hr_document *d = parse_n(b, pages[0], lens[0], NULL, NULL);
    assert_string_equal(d->paragraphs[0].text, "Unclosed bold");
    assert_string_equal(d->paragraphs[1].text, "and a div");
    d = parse_n(b, pages[11], lens[11], NULL, NULL);
    assert_int_not_equal(find_para(d, "after nul"), -1);

    /* Empty and blank pages: no paragraphs, the URL still counts. */
    d = parse_n(b, "", 0, NULL, "https://example.net/x");
    assert_int_equal(d->n_paragraphs, 0);
    assert_string_equal(d->url, "https://example.net/x");
    assert_string_equal(d->outlet, "example.net");
    d = parse(b, "   \n\t  ");
    assert_int_equal(d->n_paragraphs, 0);
}

static uint64_t rng(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void test_binary_junk(void **state)
{
    hr_docb *b = *state;
    size_t n = 1 << 16;
    char *junk = malloc(n);
    assert_non_null(junk);
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    const char *charsets[] = {NULL, "windows-1251", "shift_jis", "utf-16", "gb2312"};
    for (int round = 0; round < 10; round++) {
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rng(&seed);
            /* Half the rounds sprinkle markup between the junk. */
            if (round % 2 && r % 7 == 0)
                junk[i] = "<>/&;=\"' pa"[(r >> 8) % 11];
            else
                junk[i] = (char)(r >> 24);
        }
        const hr_document *d = parse_n(b, junk, n, charsets[round % 5], NULL);
        check_invariants(d);
    }
    free(junk);
}

static void test_deep_and_huge(void **state)
{
    hr_docb *b = *state;
    size_t levels = 10000;
    hr_buf h = {0};
    for (size_t i = 0; i < levels; i++)
        assert_true(hr_buf_append(&h, "<div><a href=x><span>", 21));
    assert_true(hr_buf_append(&h, "deep text<p>deeper</p>", 22));
    for (size_t i = 0; i < levels; i++)
        assert_true(hr_buf_append(&h, "</span></a></div>", 17));
    assert_true(hr_buf_append(&h, "<p>after</p>", 12));
    const hr_document *d = parse_n(b, h.data, h.len, NULL, NULL);
    check_invariants(d);
    assert_int_not_equal(find_para(d, "deep text"), -1);
    assert_int_not_equal(find_para(d, "deeper"), -1);
    assert_int_not_equal(find_para(d, "after"), -1);
    /* Past the stack, skipped elements still hide their text. */
    h.len = 0;
    for (size_t i = 0; i < levels; i++)
        assert_true(hr_buf_append(&h, "<div>", 5));
    assert_true(hr_buf_append(&h, "<svg><text>hidden</text></svg><b>shown</b>", 42));
    d = parse_n(b, h.data, h.len, NULL, NULL);
    assert_int_equal(find_para(d, "hidden"), -1);
    assert_int_not_equal(find_para(d, "shown"), -1);

    /* A 1 MB attribute value and a 1 MB word. */
    h.len = 0;
    assert_true(hr_buf_append(&h, "<p title='", 10));
    for (size_t i = 0; i < (1u << 20); i++)
        assert_true(hr_buf_putc(&h, 'A'));
    assert_true(hr_buf_append(&h, "'>short</p><p>", 14));
    for (size_t i = 0; i < (1u << 20); i++)
        assert_true(hr_buf_putc(&h, 'w'));
    assert_true(hr_buf_append(&h, "</p>", 4));
    d = parse_n(b, h.data, h.len, NULL, NULL);
    check_invariants(d);
    assert_int_not_equal(find_para(d, "short"), -1);
    assert_int_equal(d->n_paragraphs, 2);
    assert_int_equal(d->paragraphs[1].len, 1u << 20);
    hr_buf_free(&h);
}

#define UCS4_PAGE "\x00\x00\x00\x3C\x00\x00\x00p ucs4?"

/* libxml2 compares each attribute of a tag with all before it: a tag with
 * 200 000 attributes would take many minutes unless the reader caps them.
 * (Were the cap gone, this test would hang rather than fail.) */
static void test_many_attributes(void **state)
{
    hr_docb *b = *state;
    hr_buf h = {0};
    char a[64];
    const char *forms[] = {"a%u", "a%u=1", "a%u=\">\"", "a%u='<x y>'"};
    for (size_t f = 0; f < 4; f++) {
        h.len = 0;
        assert_true(hr_buf_append(&h, "<p class='lead' ", 16));
        for (unsigned i = 0; i < 200000; i++) {
            int k = snprintf(a, sizeof a, forms[f], i);
            assert_true(hr_buf_append(&h, a, (size_t)k));
            assert_true(hr_buf_putc(&h, ' '));
        }
        assert_true(hr_buf_append(&h, ">first</p><!-- <p a b c> --><p x y>after</p>", 44));
        const hr_document *d = parse_n(b, h.data, h.len, NULL, NULL);
        check_invariants(d);
        assert_int_equal(d->n_paragraphs, 2);
        assert_string_equal(d->paragraphs[0].text, "first");
        assert_string_equal(d->paragraphs[1].text, "after");
        /* Offsets are kept: the blanked attributes stay as spaces. */
        assert_int_equal(d->paragraphs[1].offset,
                         (uint64_t)(strstr(h.data, "<p x y>") - h.data));
    }
    hr_buf_free(&h);
}

/* libxml2 reports errors through handlers; none may reach stderr. */
static void test_silent(void **state)
{
    hr_docb *b = *state;
    char path[] = "/tmp/herald-test-html-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    const char *pages[] = {
        "<p>a</b></i><<<&&&#99999999;<p ===>",
        "<meta charset='utf-16'><p>\xFF\xFE\x00 x</p>",
        "<meta charset='shift_jis'><p>\x82\xA0\x82\xFF\x82</p>",
        "\x4C\x6F\xA7\x94 ebcdic?",
        UCS4_PAGE,
    };
    size_t lens[] = {0, 0, 0, 0, sizeof UCS4_PAGE - 1};
    hr_status st[5];
    /* No cmocka asserts while stderr is redirected: a failure would
     * leave it so. */
    for (size_t i = 0; i < 5; i++) {
        hr_error err;
        hr_docb_begin(b, "silent.html", 0, HR_FMT_HTML);
        st[i] = hr_html_to_doc(b, pages[i], lens[i] ? lens[i] : strlen(pages[i]),
                               NULL, NULL, &err);
        hr_docb_finish(b);
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    off_t size = lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(path);
    assert_int_equal(size, 0);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(st[i], HR_OK);
}

/* ---- real pages (skipped when ../shared is absent) ------------------------------------ */

#define EVAL_DIR "/work/shared/corpora/html-eval"

static char *read_gz(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return NULL;
    hr_buf b = {0};
    char chunk[65536];
    int n;
    while ((n = gzread(f, chunk, sizeof chunk)) > 0)
        if (!hr_buf_append(&b, chunk, (size_t)n))
            break;
    gzclose(f);
    *len = b.len;
    return b.data;
}

/* Lower-cased words joined by single spaces, for loose comparison. */
static char *norm_words(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
            if (c == 0xC2)
                i++;
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = false;
        out[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    out[o] = '\0';
    return out;
}

static void test_real_pages(void **state)
{
    hr_docb *b = *state;
    FILE *f = fopen(EVAL_DIR "/ground-truth.json", "rb");
    if (!f)
        skip();
    hr_buf raw = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        assert_true(hr_buf_append(&raw, chunk, got));
    fclose(f);
    cJSON *gold = cJSON_ParseWithLength(raw.data, raw.len);
    hr_buf_free(&raw);
    assert_non_null(gold);
    size_t pages = 0, tried = 0, found = 0;
    for (const cJSON *v = gold->child; v; v = v->next) {
        const char *id = v->string;
        if (pages == 12)
            break;
        char path[512];
        snprintf(path, sizeof path, EVAL_DIR "/html/%s.html.gz", id);
        size_t len;
        char *html = read_gz(path, &len);
        if (!html)
            continue;
        const char *url = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "url"));
        const hr_document *d = parse_n(b, html, len, NULL, url);
        check_invariants(d);
        assert_true(d->n_paragraphs > 0);
        assert_non_null(d->url);
        pages++;
        /* Every paragraph joined: the gold paragraphs should be in it. */
        hr_buf all = {0};
        for (size_t i = 0; i < d->n_paragraphs; i++) {
            assert_true(hr_buf_append(&all, d->paragraphs[i].text, d->paragraphs[i].len));
            assert_true(hr_buf_putc(&all, '\n'));
        }
        char *have = norm_words(all.data, all.len);
        const char *body = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "articleBody"));
        for (const char *p = body; p && *p;) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            if (n > 60 && n < 2000) {
                char *want = norm_words(p, n);
                tried++;
                if (strstr(have, want))
                    found++;
                free(want);
            }
            p += n + (e ? 1 : 0);
        }
        free(have);
        hr_buf_free(&all);
        free(html);
    }
    cJSON_Delete(gold);
    if (pages == 0)
        skip();
    print_message("html-eval: %zu pages, %zu/%zu gold paragraphs found whole\n",
                  pages, found, tried);
    assert_true(tried > 50);
    assert_true(found * 10 >= tried * 8);
}

static void test_hidden_elements_skipped(void **state)
{
    hr_docb *b = *state;
    const char *html = "<html><body><p>Shown text here.</p><div hidden><p>Secret copy.</p></div>"
                       "<section style=\"Display : None\"><p>Also secret.</p></section>"
                       "<p style=\"color:red\">Red but shown.</p><p>After <img src=x> it goes on.</p>"
                       "</body></html>";
    const hr_document *d = parse_n(b, html, strlen(html), NULL, NULL);
    assert_int_equal(d->n_paragraphs, 3);
    assert_string_equal(d->paragraphs[0].text, "Shown text here.");
    assert_string_equal(d->paragraphs[1].text, "Red but shown.");
    assert_string_equal(d->paragraphs[2].text, "After it goes on.");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_paragraphs_in_order),
        T(test_hidden_elements_skipped),
        T(test_nested_blocks_split),
        T(test_br_breaks),
        T(test_whitespace_and_entities),
        T(test_skipped_elements),
        T(test_ctx_ancestors),
        T(test_ctx_hints),
        T(test_link_spans),
        T(test_offsets),
        T(test_title_precedence),
        T(test_url_and_outlet),
        T(test_date_sources),
        T(test_date_precedence),
        T(test_json_ld),
        T(test_charset_windows1251),
        T(test_charset_other),
        T(test_broken_html),
        T(test_binary_junk),
        T(test_deep_and_huge),
        T(test_many_attributes),
        T(test_silent),
        T(test_real_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
