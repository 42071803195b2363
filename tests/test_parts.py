"""Lists too long for one page are cut into pages named by their days or positions."""
from datetime import date

from timeline import parts, urls


day_of = parts.by_days(lambda item: item[1])


ITEMS = tuple((f"e{i}", date(2023, 5, 22 + i // 3)) for i in range(7))   # 3 a day


def test_a_list_that_fits_is_one_page_showing_nothing_of_this():
    (path, shown, paged), = parts.pages("tags/drones.html", ITEMS, 7, day_of)
    assert (path, shown, paged.cut) == ("tags/drones.html", ITEMS, False)


def test_a_long_list_is_cut_by_count_its_pages_named_by_their_days():
    pages = parts.pages("tags/drones.html", ITEMS, 3, day_of)
    assert [(path, [i for i, _ in shown]) for path, shown, _ in pages] == [
        ("tags/drones.html", ["e0", "e1", "e2"]), ("tags/drones/2.html", ["e3", "e4", "e5"]),
        ("tags/drones/3.html", ["e6"])]
    second = pages[1][2]
    assert [(p.label, p.span) for p in second.parts] == [
        ("22 May 2023", "1–3"), ("23 May 2023", "4–6"), ("24 May 2023", "7")]
    assert (second.number, second.total, second.previous.path, second.next.path) == \
        (2, "7", "tags/drones.html", "tags/drones/3.html")
    assert parts.title("Tagged ‘drones’", second) == "Tagged ‘drones’, 23 May 2023"


def test_a_page_over_several_days_names_them_and_one_day_s_pages_their_positions():
    over_days = parts.pages("sources/a.html", ITEMS, 4, day_of)
    assert over_days[0][2].part.described("accounts") == "22–23 May 2023 (accounts 1–4)"
    one_day = parts.pages(urls.day_page(date(2023, 5, 22)), ITEMS, 4)
    assert [p.path for p in one_day[1][2].parts] == ["days/2023-05-22.html", "days/2023-05-22/2.html"]
    assert one_day[1][2].part.named("events") == "events 5–7"
    assert parts.title("Monday 22 May 2023", one_day[1][2]) == "Monday 22 May 2023, events 5–7"


def test_every_page_of_a_list_knows_every_other():
    pages = parts.pages("actors/x.html", ITEMS, 3, day_of)
    (path, shown, paged) = pages[2]
    assert [p for p, _, _ in pages] == ["actors/x.html", "actors/x/2.html", "actors/x/3.html"]
    assert (path, shown, paged.number, len(paged.parts)) == ("actors/x/3.html", ITEMS[6:], 3, 3)


def test_an_event_s_entry_on_a_day_s_later_page():
    assert urls.entry("x", date(2023, 5, 22), True, 2) == "days/2023-05-22/2.html#event-x"
    assert urls.entry("x", date(2023, 5, 22), False, 2) == "index.html#event-x"


def test_a_page_of_one_item_names_it_in_the_singular():
    last = parts.pages("sources/a.html", ITEMS, 3, day_of)[2][2].part
    assert (last.items("accounts"), last.described("accounts")) == \
        ("account 7", "24 May 2023 (account 7)")
