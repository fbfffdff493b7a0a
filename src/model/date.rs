//! Dates as students write them in front matter: `2025-03-10`, `2025-01-09 00:00:00`
//! (Astro), `2025-09-25T10:00:00+02:00` (Hugo), `10/03/2025`, `mars 2025`.

use chrono::NaiveDate;

/// Parses a date; `None` when no known format matches.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
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
    parse_month_year(t)
}

/// « mars 2025 », « 3 mars 2025 », « Septembre 2024 »: the first of the month when no day.
fn parse_month_year(t: &str) -> Option<NaiveDate> {
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
        [m, y] => (1, *m, *y),
        [d, m, y] => (d.trim_end_matches("er").parse().ok()?, *m, *y),
        _ => return None,
    };
    let month = MONTHS
        .iter()
        .position(|name| *name == month.trim_end_matches('.'))? as u32
        + 1;
    NaiveDate::from_ymd_opt(year.parse().ok()?, month, day)
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
}
