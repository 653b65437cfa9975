"""URL repair, normalisation and BelTA ids, on literal strings taken from the books."""

from __future__ import annotations

from searchlib.ingest.url_repair import repair_url
from searchlib.ingest.urls import belta_article, extract_sources, normalize_url, unwrap


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
    # The full URL is printed intact: dropping its truncated copies does not repair it.
    assert not source.repaired


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


# Echoes: a truncated copy of the slug, its letters damaged, glued inside the full slug.


def test_echo_with_words_between_the_copies_keeps_them():
    # b1 line 846, footnote 145: "...-447" + "namerenv-podpisat-...-447828-2021"
    url, changed = repair_url(
        "https://www.belta.by/economics/view/prompredpriyatija-belarusi-i-kazahstana-podpisat-"
        "krupnye-kontrakty-447namerenv-podpisat-krupnve-kontrakty-447828-2021/"
    )
    assert url == (
        "https://www.belta.by/economics/view/prompredpriyatija-belarusi-i-kazahstana-namerenv-"
        "podpisat-krupnve-kontrakty-447828-2021/"
    )
    assert changed and belta_article(url) == (447828, 2021)
    # b1 line 291, footnote 38 (after the scheme-doubling is undone): "safaev" + "otkryl-"
    assert repair_url(
        "https://www.belta.by/economics/view/forum-regionov-novye-gorizonty-dlia-belarusi-i-"
        "uzbekistana-vo-mnogih-oblastiah-safaevotkryl-novye-gorizonty-dlia-belarusi-i-uzbekistan-"
        "vo-mnogih-oblastiah-safaev-356612-2019/"
    )[0].endswith(
        "/forum-regionov-otkryl-novye-gorizonty-dlia-belarusi-i-uzbekistan-vo-mnogih-oblastiah-safaev-356612-2019/"
    )


def test_echo_adjacent_copies_keep_the_first_letters():
    # b1 line 357, footnote 53: "lokdaunov...vneshnetorgovoj" + "okdaunov...vneshnetorgovoi-477276"
    url = repair_url(
        "https://www.belta.by/economics/view/bez-promyshlennyh-lokdaunov-i-snizhenija-eksportnoj-"
        "aktivnosti-predstavitel-mid-o-vneshnetorgovojokdaunov-i-snizhenija-eksportnoj-aktivnosti-"
        "predstavitel-mid-o-vneshnetorgovoi-477276-2021/"
    )[0]
    assert url == (
        "https://www.belta.by/economics/view/bez-promyshlennyh-lokdaunov-i-snizhenija-eksportnoj-"
        "aktivnosti-predstavitel-mid-o-vneshnetorgovoi-477276-2021/"
    )


def test_echo_whose_first_word_is_damaged_drops_it():
    # b1 line 472, footnote 75: "programm-gotovjatsja-...-premjer" + "programs-gotovjatsja-..."
    source = only(
        "URL : <https://www.belta.by/economics/view/v-sojuznom-gosudarstve-realizujutsja-8-nauchno-"
        "tehnicheskikhhttps://www.belta.by/economics/view/v-sojuznom-gosudarstve-realizujutsja-8-"
        "nauchno-tehnicheskikh-programm-gotovjatsja-esche-3-vitse-premjerprograms-gotovjatsja-esche-"
        "3-vitse-premjer-448523-2021/>."
    )
    assert source.url.endswith(
        "-nauchno-tehnicheskikh-programs-gotovjatsja-esche-3-vitse-premjer-448523-2021/"
    )
    assert source.repaired


def test_whole_path_echoed_after_a_piece_of_the_host():
    # b1 line 548, footnote 89: ".../sotrudnichestvo/33.ru/news/...": "33.ru" is the host's tail
    assert (
        only(
            "<http://export33.ru/news/vladimirskaya-oblast-belarus-rasshirvaem-sotrudnichestvo/33.ru/"
            "news/vladimirskaya-oblast-belarus-rasshirvaem-sotrudnichestvo/>"
        ).url
        == "http://export33.ru/news/vladimirskaya-oblast-belarus-rasshirvaem-sotrudnichestvo/"
    )


def test_repeated_words_that_are_no_echo_stay():
    # b1 line 794, footnote 136: "sovuznyh-programm" twice, in two directories
    url = (
        "https://sovuz.by/realizaciva-sovuznyh-programm-i_proektor/uchenye-belarusi-i-rossii-"
        "razrabotali-bolee-15-novyh-sovuznyh-programm"
    )
    assert repair_url(url) == (url, [])
    # b1 bibliography line 1287 (entry 39): the words between the copies recur in the second
    # copy, so which are the URL's own cannot be told: left as printed.
    ambiguous = (
        "https://www.belta.by/politics/view/posol-belorusskie-proekty-v-tadzhikistane-ne-obosnovany-"
        "a-dajut-ekonomiceskij-effektprosto-obosnovany-a-dajut-ekonomic-ekkhesii-effekt-459969-2021/"
    )
    assert repair_url(ambiguous) == (ambiguous, [])


def test_damaged_scheme_or_www_inside_the_url():
    # b1 line 750, footnote 128 ("-shtps://www.belta.by/"); line 928, footnote 161 ("-wwww.")
    assert repair_url(
        "https://www.belta.by/economics/view/rossiiia-lidiruet-po-obiemam-birzhevogo-tovaroororota-"
        "shtps://www.belta.by/economics/view/rossiiia-lidiruet-po-obiemam-birzhevogo-tovaroororota-"
        "s-belarusiu-462016-2021/"
    )[0] == (
        "https://www.belta.by/economics/view/rossiiia-lidiruet-po-obiemam-birzhevogo-tovaroororota-"
        "s-belarusiu-462016-2021/"
    )
    assert repair_url(
        "https://www.belta.by/economics/view/belarus-planiruet-udvoit-ekspert-wwww.belta.by/economics/"
        "view/belarus-planiruet-udvoit-ekspert-stroj-materialov-v-kazakhstan-parhamovich-447920-2021/"
    )[0].endswith(
        "/view/belarus-planiruet-udvoit-ekspert-stroj-materialov-v-kazakhstan-parhamovich-447920-2021/"
    )


def test_misread_belarusian_hosts_only():
    # b1 line 636 (footnote 105, belta.lv) and line 938 (footnote 162, mfa.gov.bz)
    url, changed = repair_url("https://www.belta.lv/economics/view/x-aktiviziruiut-466948-2021/")
    assert url == "https://www.belta.by/economics/view/x-aktiviziruiut-466948-2021/" and changed
    assert repair_url("https://kazakhstan.mfa.gov.bz/ru/bilateral_relations/")[0] == (
        "https://kazakhstan.mfa.gov.by/ru/bilateral_relations/"
    )
    # b1 line 634, footnote 104: mfa.gov.lv is Latvia's ministry; not clearly a misread.
    latvia = "https://russia.mfa.gov.lv/ru/embassy/regions/rostov/news/bdc349beac26.html"
    assert repair_url(latvia) == (latvia, [])


def test_belta_id_printed_outside_the_brackets():
    # b1 line 187, footnote 21
    source = only(
        "URL : <https://www.belta.by/societv/view/bolee-800-chelovek-proshli-obuchenie-v-setevom-"
        "universitete-sng> 337497-2019/."
    )
    assert source.url.endswith("-v-setevom-universitete-sng-337497-2019/")
    assert (source.belta_id, source.year, source.repaired) == (337497, 2019, True)


def test_spaced_double_hyphen_in_bare_url():
    # b1 line 680, footnote 114: "primorskii --krai_rossii-rossii-463698-2021/"
    source = only(
        "URL : https://www.belta.bv/economics/view/belarus-rasschityvaet-na-kratnyi -rost-postavok-"
        "-rost-postavok-prodovolstvii_a-v-a-v-primorskii --krai_rossii-rossii-463698-2021/"
    )
    assert source.url == (
        "https://www.belta.by/economics/view/belarus-rasschityvaet-na-kratnyi-rost-postavok-"
        "prodovolstvii_a-v-a-v-primorskii-krai_rossii-463698-2021/"
    )
    assert source.belta_id == 463698


def test_hostless_fragment_beside_the_full_url_is_dropped():
    # b1 lines 726 + 734, footnote 124: "<https://grodno-63>" then the full URL
    sources = extract_sources(
        "URL : <https://grodno-63> https://grodno-region.by/ru/news-ru/view/v-oblispolkome-31118-2021/"
    )
    assert [s.domain for s in sources] == ["grodno-region.by"]


def test_sentence_punctuation_after_a_url_is_no_repair():
    # b1 line 962, footnote 167: "<https://top-news.kz/...proizvodstvami/>."
    source = only("URL : https://top-news.kz/industrialnaja-zona-kostanaj-novymi-proizvodstvami/.")
    assert source.url.endswith("proizvodstvami/")
    assert not source.repaired


def test_a_damaged_short_id_is_no_belta_id():
    # b1 line 602 (footnote 97): the id is damaged to `45_2543`; 2543 is not the article.
    url = ("https://www.belta.by/economics/view/eksport-stroitelnyh-tovarov-i-uslug-belarusi-v-"
           "v-j-anvare-ii_une-sostavil-637-mln-45_2543-2021/")
    assert belta_article(url) is None
    assert belta_article(url.replace("45_2543", "452543")) == (452543, 2021)
