//! The publicity sheet (公示) of a programme-year (issue #26): an A4 page to print and post —
//! the centre, the programme and year, the recipients (masked name, masked unit, category,
//! amount), the posting dates and the phone for objections — and a CSV of the same rows.

use super::fund::{FundReport, PaymentLine};
use crate::domain::hardship::Category;
use crate::domain::money::Fen;
use crate::i18n::{Lang, fill, fund_report::words};
use crate::letters::files::escape_html;
use chrono::NaiveDate;

/// `红星***`: a work unit shown where it must be hidden (its first two characters kept, at
/// most four stars after them).
pub fn mask_unit(unit: &str) -> String {
    let chars: Vec<char> = unit.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 | 2 => format!("{}*", chars[0]),
        n => format!("{}{}", chars[..2].iter().collect::<String>(), "*".repeat((n - 2).min(4))),
    }
}

/// What one sheet shows.
pub struct Sheet<'a> {
    pub centre: &'a str,
    pub programme: &'a str,
    pub year: i32,
    pub rows: Vec<&'a PaymentLine>,
    /// The first and last day of posting.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub phone: &'a str,
}

impl Sheet<'_> {
    /// How many households the rows pay (a household paid twice is one).
    pub fn households(&self) -> usize {
        self.rows.iter().map(|r| r.worker_id).collect::<std::collections::BTreeSet<_>>().len()
    }

    /// `8 笔，6 户`: payments and households, both said.
    pub fn counted(&self, lang: Lang) -> String {
        let (n, h) = (self.rows.len(), self.households());
        let text = fill(words(lang).pub_count, &[("n", &n), ("h", &h)]);
        // English counts one of each in the singular (`1 payment, 1 household`).
        match lang {
            Lang::En => {
                let text = if n == 1 { text.replacen("payments", "payment", 1) } else { text };
                if h == 1 { text.replacen("households", "household", 1) } else { text }
            }
            Lang::Zh => text,
        }
    }
}

/// The phone for objections: the fund's own, else the centre's.
pub fn phone(settings: &crate::config::Settings) -> &str {
    match settings.config.fund.complaint_phone.trim() {
        "" => settings.config.centre.phone.as_str(),
        p => p,
    }
}

/// The sheet of `code` from the fund report of its year; `None` when the year has no such
/// programme. Posting runs `today` .. `today + days − 1`.
pub fn sheet<'a>(
    r: &'a FundReport,
    code: &str,
    today: NaiveDate,
    days: u32,
    phone: &'a str,
) -> Option<Sheet<'a>> {
    let p = r.programmes.iter().find(|p| p.code == code)?;
    let to = today.checked_add_days(chrono::Days::new(u64::from(days.max(1) - 1))).unwrap_or(today);
    Some(Sheet {
        centre: &r.centre,
        programme: &p.name,
        year: r.year,
        rows: r.payments.iter().filter(|l| l.programme == code).collect(),
        from: today,
        to,
        phone,
    })
}

fn category(lang: Lang, l: &PaymentLine) -> String {
    l.category
        .as_deref()
        .and_then(Category::parse)
        .map_or_else(String::new, |c| crate::i18n::hardship::category(lang, c).to_string())
}

/// Paid when paid, else approved: what the household receives.
fn amount(l: &PaymentLine) -> i64 {
    if l.status == "paid" { l.amount_paid_fen.unwrap_or(0) } else { l.amount_approved_fen.unwrap_or(0) }
}

/// The page, A4, printable (print CSS), in `lang`.
pub fn html(s: &Sheet, lang: Lang) -> String {
    let w = words(lang);
    let e = |t: &str| escape_html(t);
    let mut rows = String::new();
    for (i, l) in s.rows.iter().enumerate() {
        rows.push_str(&format!(
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>\n",
            i + 1,
            e(&l.worker),
            e(&l.unit_masked),
            e(&category(lang, l)),
            Fen(amount(l)).plain()
        ));
    }
    if s.rows.is_empty() {
        rows.push_str(&format!("<tr><td colspan=\"5\">{}</td></tr>\n", e(w.pub_none)));
    }
    let total: i64 = s.rows.iter().map(|l| amount(l)).sum();
    let dates = fill(w.pub_dates, &[("from", &s.from), ("to", &s.to)]);
    let phone = fill(w.pub_phone, &[("phone", &s.phone)]);
    let html_lang = if lang == Lang::Zh { "zh-CN" } else { "en" };
    format!(
        r#"<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<title>{centre} {programme} {year} {title}</title>
<style>
@page {{ size: A4 portrait; margin: 20mm 18mm; }}
body {{ font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 12pt; color: #000; }}
h1 {{ text-align: center; font-size: 18pt; margin: 0 0 4mm; }}
h2 {{ text-align: center; font-size: 14pt; font-weight: normal; margin: 0 0 6mm; }}
table {{ width: 100%; border-collapse: collapse; }}
th, td {{ border: 1px solid #000; padding: 1.5mm 2mm; }}
td.n {{ text-align: right; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; }}
.foot {{ margin-top: 10mm; text-align: right; }}
@media screen {{ body {{ width: 174mm; margin: 10mm auto; }} }}
</style>
</head>
<body>
<h1>{centre}</h1>
<h2>{programme}（{year}）{title}</h2>
<p>{intro}</p>
<table>
<thead><tr><th>#</th><th>{h_worker}</th><th>{h_unit}</th><th>{h_category}</th><th>{h_amount}</th></tr></thead>
<tbody>
{rows}</tbody>
<tfoot><tr><td colspan="4">{n}</td><td class="n">{total}</td></tr></tfoot>
</table>
<p>{dates}</p>
<p>{phone}</p>
<p class="foot">{centre}<br>{from}</p>
</body>
</html>
"#,
        centre = e(s.centre),
        programme = e(s.programme),
        year = s.year,
        title = e(w.pub_title),
        intro = e(w.pub_intro),
        h_worker = e(w.h_worker),
        h_unit = e(w.h_unit),
        h_category = e(w.h_category),
        h_amount = e(w.h_amount),
        n = e(&s.counted(lang)),
        total = Fen(total).plain(),
        dates = e(&dates),
        phone = e(&phone),
        from = s.from,
    )
}

/// The same rows as CSV (UTF-8 with BOM for WPS and Excel): the header, then one line per
/// recipient, amounts in 元 without separators.
pub fn csv(s: &Sheet, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let w = words(lang);
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    out.write_record([w.h_worker, w.h_unit, w.h_category, w.h_amount, w.h_programme, w.h_year])?;
    let safe = crate::domain::text::safe_cell;
    for l in &s.rows {
        let year = s.year.to_string();
        out.write_record([
            safe(&l.worker),
            safe(&l.unit_masked),
            category(lang, l),
            Fen(amount(l)).plain().replace(',', ""),
            safe(s.programme),
            year,
        ])?;
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
