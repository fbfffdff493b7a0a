//! Dates as students write them in front matter: `2025-03-10`, `2025-01-09 00:00:00`
//! (Astro), `2025-09-25T10:00:00+02:00` (Hugo), `10/03/2025`, `mars 2025`.

use chrono::{Datelike, NaiveDate};

/// Parses a date; `None` when no known format matches.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    parse_bound(text, false)
}

/// Parses a date as the start (`end` false) or the end (`end` true) of a période: a month
/// without a day (« mars 2025 ») starts on its first day and ends on its last.
fn parse_bound(text: &str, end: bool) -> Option<NaiveDate> {
    let t = text.trim();
    // ISO date, possibly followed by a time and an offset: the date part decides.
    if let Some(head) = t.get(..10)
        && let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d")
        && t[10..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == 'T' || c == 't')
    {
        return Some(d);
    }
    for fmt in ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
            return Some(d);
        }
    }
    parse_month_year(t, end)
}

/// « mars 2025 », « 3 mars 2025 », « Septembre 2024 »: the first of the month when no day
/// (the last when `end`).
fn parse_month_year(t: &str, end: bool) -> Option<NaiveDate> {
    const MONTHS: [&str; 12] = [
        "janvier",
        "fevrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "aout",
        "septembre",
        "octobre",
        "novembre",
        "decembre",
    ];
    let lower = deunicode::deunicode(t).to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let (day, month, year) = match words.as_slice() {
        [m, y] => (None, *m, *y),
        [d, m, y] => (Some(d.trim_end_matches("er").parse().ok()?), *m, *y),
        _ => return None,
    };
    let month = MONTHS
        .iter()
        .position(|name| *name == month.trim_end_matches('.'))? as u32
        + 1;
    let year = year.parse().ok()?;
    match day {
        Some(d) => NaiveDate::from_ymd_opt(year, month, d),
        None if end => last_day_of_month(year, month),
        None => NaiveDate::from_ymd_opt(year, month, 1),
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// Reads a période as students write it: « du 03/02/2025 au 14/03/2025 »,
/// « 2025-02-03 - 2025-03-14 », « de septembre 2024 à juin 2025 », « du 3 au 14 mars
/// 2025 », « 03/02/2025 → 14/03/2025 », or one month (« mars 2025 »: the whole month) or
/// one day. `None` when it cannot be read, or ends before it starts.
pub fn parse_periode(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let t = text.trim();
    let lower = t.to_lowercase();
    // Leading « du », « de », « depuis le », « période : » are words, not dates.
    let body = strip_words(&lower, &["période :", "periode :", "du", "de", "d’", "d'"]);
    for sep in [
        " au ",
        " à ",
        " a ",
        " jusqu'au ",
        " jusqu’au ",
        " -> ",
        " → ",
        "→",
        " – ",
        " — ",
        " - ",
        " to ",
    ] {
        if let Some((a, b)) = body.split_once(sep) {
            let fin = parse_bound(strip_words(b, &["le"]), true)?;
            let debut =
                parse_bound(strip_words(a, &["le"]), false).or_else(|| borrow_from(a, fin))?;
            return (debut <= fin).then_some((debut, fin));
        }
    }
    // One day or one month.
    let debut = parse_bound(body, false)?;
    let fin = parse_bound(body, true)?;
    Some((debut, fin))
}

/// `text` without any of the leading `words` (followed by a space, or glued for « d’ »).
fn strip_words<'a>(text: &'a str, words: &[&str]) -> &'a str {
    let mut t = text.trim();
    loop {
        let before = t;
        for w in words {
            if let Some(rest) = t.strip_prefix(w)
                && (w.ends_with(['’', '\'', ':']) || rest.starts_with(' '))
            {
                t = rest.trim_start();
            }
        }
        if t == before {
            return t;
        }
    }
}

/// The start of « du 3 au 14 mars 2025 » or « de mars à juin 2025 »: what the start
/// leaves out (month, year) is the end's.
fn borrow_from(start: &str, fin: NaiveDate) -> Option<NaiveDate> {
    let start = strip_words(start, &["le"]);
    let year = fin.format("%Y").to_string();
    if let Ok(day) = start.trim_end_matches("er").parse::<u32>() {
        return fin.with_day(day);
    }
    // « 3 février » or « février »: add the end's year.
    parse_bound(&format!("{start} {year}"), false)
}

/// « du JJ/MM/AA au JJ/MM/AA », as the tableau de synthèse asks.
pub fn format_periode(debut: NaiveDate, fin: NaiveDate) -> String {
    format!(
        "du {} au {}",
        debut.format("%d/%m/%y"),
        fin.format("%d/%m/%y")
    )
}

/// `dd/mm/yyyy`, the French way.
pub fn format_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn every_format_students_write() {
        assert_eq!(parse_date("2025-03-10"), ymd(2025, 3, 10));
        assert_eq!(parse_date("2025-01-09 00:00:00"), ymd(2025, 1, 9));
        assert_eq!(parse_date("2025-09-25T10:00:00+02:00"), ymd(2025, 9, 25));
        assert_eq!(parse_date("10/03/2025"), ymd(2025, 3, 10));
        assert_eq!(parse_date("mars 2025"), ymd(2025, 3, 1));
        assert_eq!(parse_date("1er février 2025"), ymd(2025, 2, 1));
        assert_eq!(parse_date("2025-13-40"), None);
        assert_eq!(parse_date("2025-03-10x"), None);
        assert_eq!(parse_date("bientôt"), None);
        assert_eq!(parse_date("é"), None);
    }

    fn periode(text: &str) -> Option<String> {
        parse_periode(text).map(|(a, b)| format_periode(a, b))
    }

    #[test]
    fn periods_as_students_write_them() {
        let expected = Some("du 03/02/25 au 14/03/25".to_string());
        for text in [
            "du 03/02/2025 au 14/03/2025",
            "Du 03/02/2025 au 14/03/2025",
            "03/02/2025 - 14/03/2025",
            "2025-02-03 → 2025-03-14",
            "du 3 février 2025 au 14 mars 2025",
            "du 3 février au 14 mars 2025",
            "03/02/25 au 14/03/25",
        ] {
            assert_eq!(periode(text), expected, "{text}");
        }
        assert_eq!(
            periode("de septembre 2024 à juin 2025").as_deref(),
            Some("du 01/09/24 au 30/06/25")
        );
        assert_eq!(
            periode("du 3 au 14 mars 2025").as_deref(),
            Some("du 03/03/25 au 14/03/25")
        );
        assert_eq!(
            periode("février 2024").as_deref(),
            Some("du 01/02/24 au 29/02/24")
        );
        assert_eq!(
            periode("10/03/2025").as_deref(),
            Some("du 10/03/25 au 10/03/25")
        );
        assert_eq!(periode("deux semaines en mars"), None);
        assert_eq!(
            periode("du 14/03/2025 au 03/02/2025"),
            None,
            "ends before it starts"
        );
        assert_eq!(periode(""), None);
    }
}
