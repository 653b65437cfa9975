"""URL repair, normalisation and BelTA ids, on literal strings taken from the books."""

from __future__ import annotations

from searchlib.ingest.urls import belta_article, extract_sources, normalize_url, repair_url, unwrap


def only(text: str):
    sources = extract_sources(text)
    assert len(sources) == 1, sources
    return sources[0]


def test_doubled_truncated_copy_with_scheme_glued_before():
    # b1 line 105, footnote 2
    source = only(
        "URL : <https://www.belta.by/politics/view/lebedev-soglashenie-ohhttps://www.belta.by/"
        "politics/view/lebedev-soglashenie-o-svobodnoj-torgovle-uslugami-v-sng-mozhet-byt-"
        "podpisano-v-mae-2022-goda-469260-2021>"
    )
    assert source.url == (
        "https://www.belta.by/politics/view/lebedev-soglashenie-o-svobodnoj-torgovle-uslugami-"
        "v-sng-mozhet-byt-podpisano-v-mae-2022-goda-469260-2021"
    )
    assert (source.belta_id, source.year, source.repaired) == (469260, 2021, True)


def test_doubled_copy_without_scheme_glued_after():
    # b1 line 121, footnote 7; line 448 footnote 71 (scheme written twice as well)
    assert only("<https://cis.minsk.by/page/19142cis.minsk.by/page/19142>").url == (
        "https://cis.minsk.by/page/19142"
    )
    source = only("<http://http://www.government.by/ru/content/9897.government.by/ru/content/9897>")
    assert source.url == "http://www.government.by/ru/content/9897"
    assert source.repaired


def test_scheme_glued_twice():
    # b1 bibliography line 1357: "<httpshttps://www.belta.by/..."
    url, changed = repair_url("httpshttps://www.belta.by/economics/view/x-y-448521-2021/")
    assert url == "https://www.belta.by/economics/view/x-y-448521-2021/"
    assert changed


def test_fragment_echoed_inside_slug():
    # b1 line 151, footnote 13 (markdown link whose printed text wins over its target)
    source = only(
        "URL : [https://www.belta.by/society/view/uchenye-stran-sng-primut-deklaratsiu-o-"
        "sotrudnichestve-v-nauchnoj-sferenauchnoj-sfere-471428-2021/](https://www.belta.by/society/"
        "view/uchenye-stran-sng-primut-deklaratsiu-o-sotrudnichestve-v-uchenykh-stran-sng-primut-"
        "deklaratsiu-o-sotrudnichestve-v-nauchnoj-sferenauchnoj-sfere-471428-2021/)."
    )
    assert source.url == (
        "https://www.belta.by/society/view/uchenye-stran-sng-primut-deklaratsiu-o-"
        "sotrudnichestve-v-nauchnoj-sfere-471428-2021/"
    )
    assert source.belta_id == 471428


def test_angle_brackets_alone_are_not_a_repair():
    # b1 line 103, footnote 1
    source = only("<http://www.government.by/ru/content/10051>")
    assert source.url == "http://www.government.by/ru/content/10051"
    assert not source.repaired


def test_markdown_link_placeholder_target_keeps_text():
    # b1 line 1273: the rest of a URL printed as a link to "#"
    assert unwrap("[tadzhikistana-horoshaja-osnova-460655-2021/](#)") == (
        "tadzhikistana-horoshaja-osnova-460655-2021/"
    )


def test_stray_spaces_inside_wrapped_url():
    # b1 line 1166, footnote 205
    source = only(
        "<https://www.belta.by/economics/view/natsplan-po-https://www.belta.by/economics/view/"
        "natsplan-no-zelenoj - ekonomike-usilit-2025-475288-2021/>"
    )
    assert source.url == (
        "https://www.belta.by/economics/view/natsplan-no-zelenoj-ekonomike-usilit-2025-475288-2021/"
    )
    assert source.repaired


def test_stray_space_next_to_hyphen_in_bare_url():
    # b1 line 680, footnote 114: "kratnyi -rost"
    source = only(
        "URL : https://www.belta.by/economics/view/belarus-rasschityvaet-na-kratnyi "
        "-rost-postavok-463698-2021/"
    )
    assert source.url.endswith("na-kratnyi-rost-postavok-463698-2021/")


def test_url_split_across_lines_is_glued_by_the_reader_and_repaired_here():
    # b1 lines 1546: "sov mestnyi" inside a link, squeezed by unwrap
    assert unwrap("<https://www.belta.by/economics/view/sov mestnyi-zavod-452553-2021/>") == (
        "https://www.belta.by/economics/view/sovmestnyi-zavod-452553-2021/"
    )


def test_cyrillic_letters_in_slug_are_transliterated():
    # b1 line 1054 (footnote 185) and line 1140 (footnote 202)
    url, changed = repair_url(
        "https://www.belta.by/regions/view/vtoraja-ochered-infrastrukturного-проекта-сез-"
        "grodnoinvest-zavershena-v-smorgoni-455912-2021/"
    )
    assert url == (
        "https://www.belta.by/regions/view/vtoraja-ochered-infrastrukturnogo-proekta-sez-"
        "grodnoinvest-zavershena-v-smorgoni-455912-2021/"
    )
    assert changed
    assert repair_url("https://www.belta.by/r/view/zapustят-v-sez-433948-2021/")[0].endswith(
        "/zapustjat-v-sez-433948-2021/"
    )


def test_lost_hyphen_dot_and_doubled_hyphens():
    # b1 line 305 ("ne-.obosnovany") and line 504 ("brestskoj--podpisali")
    assert repair_url("https://www.belta.by/p/view/ne-.obosnovany-459969-2021/")[0] == (
        "https://www.belta.by/p/view/ne-obosnovany-459969-2021/"
    )
    assert repair_url("https://www.belta.by/e/view/brestskoj--podpisali-447664-2021/")[0] == (
        "https://www.belta.by/e/view/brestskoj-podpisali-447664-2021/"
    )


def test_misread_by_domain():
    # b1 line 179, footnote 19
    assert only("<https://cis.minsk.bv/page/7570>").url == "https://cis.minsk.by/page/7570"


def test_truncated_copy_on_its_own_line_is_dropped():
    # b1 lines 576-578, footnote 94: three ever longer copies of one URL
    text = (
        "URL : https://www.belta.by/society/view/belarus-i-novosibirskaia-oblash "
        "https://www.belta.by/society/view/belarus-i-novosibirskaia-oblash-zainteresovany "
        "https://www.belta.by/society/view/belarus-i-novosibirskaia-oblash-zainteresovany-446260-2021/"
    )
    source = only(text)
    assert source.belta_id == 446260
    assert source.repaired


def test_normalize_and_belta_article():
    assert normalize_url("http://WWW.Belta.by/politics/view/x-469260-2021/") == (
        "https://belta.by/politics/view/x-469260-2021"
    )
    assert belta_article("https://www.belta.by/society/view/a_shumilin_421456-2020/") == (
        421456,
        2020,
    )
    assert belta_article("https://cis.minsk.by/page/19142") is None


def test_plain_text_without_url():
    assert extract_sources("Ibid. C. 27.") == []
