//! One set of tables from a summary, rendered as text, Markdown or CSV (and, in `xlsx`, as
//! sheets): every format shows the same numbers because they all come from these tables.

use super::{Minutes, Summary};
use crate::config::{ItemKind, Settings};
use crate::domain::width;
use crate::i18n::Lang;

/// A cell: numbers stay numbers until a format writes them.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// Minutes, one decimal; `None` where nothing was measured.
    Minutes(Option<f64>),
    /// A share 0–1, written as a percentage; `None` where there was nothing to divide.
    Share(Option<f64>),
    /// An amount in fen, written in 元 with two decimals and thousands separators (`1,234.50`);
    /// i128, as the sums are.
    Yuan(i128),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Minutes(m) => m.map_or_else(|| "—".into(), |m| format!("{m:.1}")),
            Cell::Share(s) => s.map_or_else(|| "—".into(), |s| format!("{:.1}%", s * 100.0)),
            Cell::Yuan(fen) => crate::domain::money::yuan_text(*fen),
        }
    }

    /// As a program reads it: numbers plain (amounts in 元 without separators, shares 0–1 to
    /// four decimals, minutes to one), nothing where nothing was measured.
    pub fn machine(&self) -> String {
        match self {
            Cell::Share(Some(x)) => format!("{x:.4}"),
            Cell::Share(None) | Cell::Minutes(None) => String::new(),
            _ => self.raw(),
        }
    }

    /// As a spreadsheet reads it: amounts without thousands separators, so they stay numbers.
    pub fn raw(&self) -> String {
        match self {
            Cell::Yuan(_) => self.text().replace(',', ""),
            _ => self.text(),
        }
    }
}

pub struct Table {
    /// The table's name for `report daily --table` (see `TABLE_NAMES`).
    pub key: &'static str,
    /// Also the sheet's name in xlsx.
    pub title: String,
    /// Each row's config code where its first cell is a name (matters, states, windows…):
    /// programs key on codes, which a renamed matter keeps. Empty where rows have none.
    pub codes: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The header and rows as lines, columns padded by display width (the first to the left,
    /// the others to the right), `sep` between them.
    pub fn padded_lines(&self, sep: &str) -> Vec<String> {
        let cells: Vec<Vec<String>> = std::iter::once(self.header.clone())
            .chain(self.rows.iter().map(|r| r.iter().map(Cell::text).collect()))
            .collect();
        let cols = cells.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..cols)
            .map(|i| cells.iter().filter_map(|r| r.get(i)).map(|c| width::width(c)).max().unwrap_or(0))
            .collect();
        cells
            .iter()
            .map(|row| {
                let line: Vec<String> = row
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let pad = " ".repeat(widths[i].saturating_sub(width::width(c)));
                        if i == 0 { format!("{c}{pad}") } else { format!("{pad}{c}") }
                    })
                    .collect();
                line.join(sep).trim_end().to_string()
            })
            .collect()
    }
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// The tables of a summary, headers in `lang` (csv and xlsx ask for Chinese).
pub fn tables(s: &Summary, settings: &Settings, lang: Lang) -> Vec<Table> {
    let r = lang.ui().f5;
    let c = &settings.config;
    let name_of = |list: &[(String, String)], code: &str| {
        list.iter().find(|(k, _)| k == code).map_or(code.to_string(), |(_, n)| n.clone())
    };
    let matters: Vec<(String, String)> = c.matters.iter().map(|m| (m.code.clone(), m.name.clone())).collect();
    let windows: Vec<(String, String)> = c.windows.iter().map(|m| (m.code.clone(), m.name.clone())).collect();
    let depts: Vec<(String, String)> =
        c.referral_departments.iter().map(|m| (m.code.clone(), m.name.clone())).collect();
    let units: Vec<(String, String)> =
        c.recuperation_units.iter().map(|m| (m.code.clone(), m.name.clone())).collect();
    let items: Vec<(String, String)> =
        c.station.items.iter().map(|m| (m.code.clone(), m.name.clone())).collect();
    let of_kind = |k: ItemKind| -> Vec<(String, String)> {
        c.station.items.iter().filter(|m| m.kind == k).map(|m| (m.code.clone(), m.name.clone())).collect()
    };
    let helps: Vec<(String, String)> =
        c.station.help_kinds.iter().map(|m| (m.code.clone(), m.name.clone())).collect();
    let w = &s.walkins;
    let mins = |label: &str, m: &Minutes| {
        vec![
            vec![t(&format!("{label}{}", r.avg)), Cell::Minutes(m.avg)],
            vec![t(&format!("{label}{}", r.p50)), Cell::Minutes(m.p50)],
            vec![t(&format!("{label}{}", r.p90)), Cell::Minutes(m.p90)],
        ]
    };
    let channel = |k: &str| Cell::Int(w.by_channel.get(k).copied().unwrap_or(0));
    let mut overview = vec![
        vec![t(r.as_of), t(&as_of_text(s))],
        vec![t(r.total), Cell::Int(w.total)],
        vec![t(r.served), Cell::Int(w.served)],
        vec![t(r.calls), channel("phone")],
        vec![t(r.online_requests), channel("online")],
    ];
    overview.extend(mins(r.wait, &w.wait_minutes));
    overview.extend(mins(r.service, &w.service_minutes));
    overview.extend([
        vec![t(r.over_target), Cell::Share(w.over_target_share)],
        vec![t(r.no_show_rate), Cell::Share(w.no_show_rate)],
        vec![t(r.first_visit_done), Cell::Share(w.first_visit_done_rate)],
        vec![t(r.open_followups), Cell::Int(w.open_followups)],
        vec![t(r.lookups), Cell::Int(s.claims.lookups)],
        vec![t(r.registered), Cell::Int(s.claims.registered)],
        vec![t(r.approved), Cell::Yuan(s.claims.approved_fen)],
        vec![t(r.paid), Cell::Yuan(s.claims.paid_fen)],
        vec![t(r.late), Cell::Int(s.claims.late)],
        vec![t(r.due_unknown), Cell::Int(s.claims.due_unknown)],
        vec![t(r.letters_issued), Cell::Int(s.letters.issued)],
        vec![t(r.letters_voided), Cell::Int(s.letters.voided)],
        vec![t(r.commitments), Cell::Int(s.letters.by_type.get("commitment").copied().unwrap_or(0))],
        vec![t(r.lent), Cell::Int(s.station.lent)],
        vec![t(r.returned), Cell::Int(s.station.returned)],
        vec![t(r.overdue_loans), Cell::Int(s.station.overdue_loans)],
        vec![t(r.overdue), Cell::Int(s.station.overdue)],
        vec![t(r.return_rate), Cell::Share(s.station.return_rate)],
    ]);
    let counts = |key: &'static str,
                  title: &str,
                  head: &str,
                  names: &[(String, String)],
                  map: &std::collections::BTreeMap<String, i64>| {
        // Config order first, then any code no longer in the config.
        let mut rows: Vec<Vec<Cell>> =
            names.iter().map(|(k, n)| vec![t(n), Cell::Int(map.get(k).copied().unwrap_or(0))]).collect();
        let gone: Vec<(&String, &i64)> =
            map.iter().filter(|(k, _)| !names.iter().any(|(c, _)| c == *k)).collect();
        rows.extend(gone.iter().map(|(k, v)| vec![t(k), Cell::Int(**v)]));
        let codes =
            names.iter().map(|(k, _)| k.clone()).chain(gone.iter().map(|(k, _)| (*k).clone())).collect();
        Table { key, title: title.into(), header: vec![head.into(), r.count.into()], rows, codes }
    };
    let states: Vec<(String, String)> = crate::domain::walkin::State::ALL
        .iter()
        .map(|st| (st.code().to_string(), lang.ui().state_name(*st).to_string()))
        .collect();
    let claim_states: Vec<(String, String)> = crate::domain::claim::ClaimState::ALL
        .iter()
        .map(|st| (st.code().to_string(), crate::i18n::claims::staff_word(lang, *st).to_string()))
        .collect();
    let channels: Vec<(String, String)> = [("walk_in", r.walk_in), ("phone", r.phone), ("online", r.online)]
        .map(|(a, b)| (a.into(), b.into()))
        .to_vec();
    let mut out = vec![
        Table {
            key: "overview",
            codes: vec![],
            title: r.sheet_overview.into(),
            header: vec![r.item.into(), r.value.into()],
            rows: overview,
        },
        counts("matters", r.sheet_matters, r.matter, &matters, &w.by_category),
        counts("states", r.sheet_states, r.state, &states, &w.by_status),
        counts("windows", r.sheet_windows, r.window, &windows, &w.by_window),
        counts("channels", r.sheet_channels, r.channel, &channels, &w.by_channel),
        counts("referrals", r.sheet_referrals, r.department, &depts, &w.referred_to),
        counts("claim_changes", r.sheet_claim_changes, r.state, &claim_states, &s.claims.status_changes),
        counts("units", r.sheet_units, r.unit, &units, &s.letters.by_unit),
        counts("given", r.sheet_given, r.item_name, &of_kind(ItemKind::Consumable), &s.station.given),
        counts("in_hall", r.sheet_in_hall, r.item_name, &of_kind(ItemKind::InHall), &s.station.in_hall),
        counts("help", r.sheet_help, r.help_kind, &helps, &s.station.help),
    ];
    out.extend(super::hardship_tables::tables(s, lang));
    out.push(super::fund_figures::table(s, lang));
    let batch_row = |a: &super::StockAlert| {
        vec![
            t(&name_of(&items, &a.item)),
            t(a.batch.as_deref().unwrap_or("")),
            t(a.expires_on.as_deref().unwrap_or("")),
            Cell::Int(a.qty),
            t(if a.expired { r.expired } else { r.near }),
        ]
    };
    let st = &s.station;
    out.push(Table {
        key: "alerts",
        codes: vec![],
        title: r.sheet_alerts.into(),
        header: vec![r.item_name.into(), r.batch.into(), r.expires.into(), r.qty.into(), r.alert.into()],
        // Expired batches, then low stock, then batches near their expiry: the most urgent first.
        rows: st
            .expiring
            .iter()
            .filter(|a| a.expired)
            .map(batch_row)
            .chain(
                st.low_stock
                    .iter()
                    .map(|a| vec![t(&name_of(&items, &a.item)), t(""), t(""), Cell::Int(a.qty), t(r.low)]),
            )
            .chain(st.expiring.iter().filter(|a| !a.expired).map(batch_row))
            .collect(),
    });
    out.push(Table {
        key: "clerks",
        codes: vec![],
        title: r.sheet_clerks.into(),
        header: vec![r.clerk.into(), r.walkins.into(), r.claims.into(), r.letters.into(), r.station.into()],
        rows: s
            .clerks
            .iter()
            .map(|(login, f)| {
                vec![
                    t(login),
                    Cell::Int(f.walkins),
                    Cell::Int(f.claims),
                    Cell::Int(f.letters),
                    Cell::Int(f.station),
                ]
            })
            .collect(),
    });
    out.push(Table {
        key: "half_hours",
        codes: vec![],
        title: r.sheet_half_hours.into(),
        header: vec![r.slot.into(), r.arrivals.into(), format!("{}{}", r.wait, r.avg)],
        rows: (0..48)
            .filter(|i| (16..36).contains(i) || w.arrivals_by_half_hour.get(*i).copied().unwrap_or(0) > 0)
            .map(|i| {
                vec![
                    t(&format!("{:02}:{:02}", i / 2, (i % 2) * 30)),
                    Cell::Int(w.arrivals_by_half_hour.get(i).copied().unwrap_or(0)),
                    Cell::Minutes(w.wait_by_half_hour.get(i).copied().flatten()),
                ]
            })
            .collect(),
    });
    if !s.days.is_empty() {
        out.push(Table {
            key: "days",
            codes: vec![],
            title: r.sheet_days.into(),
            header: [
                r.date,
                r.total,
                r.served,
                r.wait_avg,
                r.registered,
                r.approved,
                r.paid,
                r.letters_issued,
                r.lent,
                r.given,
            ]
            .iter()
            .map(|h| h.to_string())
            .collect(),
            rows: s
                .days
                .iter()
                .map(|d| {
                    vec![
                        t(d.date.as_deref().unwrap_or("")),
                        Cell::Int(d.walkins.total),
                        Cell::Int(d.walkins.served),
                        Cell::Minutes(d.walkins.wait_minutes.avg),
                        Cell::Int(d.claims.registered),
                        Cell::Yuan(d.claims.approved_fen),
                        Cell::Yuan(d.claims.paid_fen),
                        Cell::Int(d.letters.issued),
                        Cell::Int(d.station.lent),
                        Cell::Int(d.station.given.values().fold(0, |a, b| a.saturating_add(*b))),
                    ]
                })
                .collect(),
        });
    }
    out
}

/// The as-of moment as a person reads it: `2026-12-04 15:31` (the period still running) or
/// `2026-11-30 24:00`.
pub fn as_of_text(s: &Summary) -> String {
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(&s.as_of) else { return s.as_of.clone() };
    let end_of_day = at.time() == chrono::NaiveTime::MIN && !s.running;
    match at.date_naive().pred_opt() {
        Some(day) if end_of_day => format!("{day} 24:00"),
        _ => at.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// The period as a title line.
pub fn heading(s: &Summary, settings: &Settings, lang: Lang) -> String {
    let r = lang.ui().f5;
    let when = match (&s.date, &s.from, &s.to) {
        (Some(d), _, _) => d.clone(),
        (_, Some(a), Some(b)) => format!("{a} ~ {b}"),
        _ => String::new(),
    };
    format!("{} {} {when}", settings.config.centre.name, r.title)
}

/// Plain text: each table with its columns padded by display width.
pub fn text(s: &Summary, settings: &Settings, lang: Lang) -> String {
    text_of(&heading(s, settings, lang), &tables(s, settings, lang))
}

/// Plain text of any report: its heading, then each table (its title, columns padded).
pub fn text_of(heading: &str, tables: &[Table]) -> String {
    let mut out = format!("{heading}\n");
    for table in tables {
        out.push_str(&format!("\n{}\n", table.title));
        for line in table.padded_lines("  ") {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Markdown: a heading and a pipe table per section.
pub fn markdown(s: &Summary, settings: &Settings, lang: Lang) -> String {
    markdown_of(&heading(s, settings, lang), &tables(s, settings, lang))
}

/// Markdown of any report.
pub fn markdown_of(heading: &str, tables: &[Table]) -> String {
    let esc = |c: &str| c.replace('|', "\\|");
    let mut out = format!("# {heading}\n");
    for table in tables {
        out.push_str(&format!(
            "\n## {}\n\n| {} |\n|",
            table.title,
            table.header.iter().map(|h| esc(h)).collect::<Vec<_>>().join(" | ")
        ));
        out.push_str(
            &table
                .header
                .iter()
                .enumerate()
                .map(|(i, _)| if i == 0 { "---|" } else { "---:|" })
                .collect::<String>(),
        );
        out.push('\n');
        for row in &table.rows {
            out.push_str(&format!(
                "| {} |\n",
                row.iter().map(|c| esc(&c.text())).collect::<Vec<_>>().join(" | ")
            ));
        }
    }
    out
}

/// The tables `report daily --table` can write, in the order the stacked sheet has them
/// (`days` for a period of more than one day).
pub const TABLE_NAMES: [&str; 20] = [
    "overview",
    "matters",
    "states",
    "windows",
    "channels",
    "referrals",
    "claim_changes",
    "units",
    "given",
    "in_hall",
    "help",
    "hardship",
    "hardship_categories",
    "hardship_causes",
    "hardship_exits",
    "fund",
    "alerts",
    "clerks",
    "half_hours",
    "days",
];

/// One table as CSV for a program: UTF-8 without a BOM, one header row, then its rows, numbers
/// plain (shares 0–1). `None` when the summary has no such table (`days` of one day).
pub fn csv_table(s: &Summary, settings: &Settings, name: &str) -> Result<Option<Vec<u8>>, csv::Error> {
    let Some(table) = tables(s, settings, Lang::Zh).into_iter().find(|t| t.key == name) else {
        return Ok(None);
    };
    let mut w = csv::Writer::from_writer(vec![]);
    // Rows named from the config lead with their code.
    let coded = !table.codes.is_empty();
    let code_head = coded.then(|| "code".to_string());
    w.write_record(code_head.iter().chain(&table.header))?;
    for (i, row) in table.rows.iter().enumerate() {
        let code = table.codes.get(i).filter(|_| coded).map(|c| crate::domain::text::safe_cell(c));
        // The as-of moment as RFC 3339, which a program parses ("24:00" it would not).
        if table.key == "overview" && i == 0 {
            w.write_record([row.first().map(Cell::text).unwrap_or_default(), s.as_of.clone()])?;
            continue;
        }
        let cells = row.iter().map(|c| crate::domain::text::safe_cell(&c.machine()));
        w.write_record(code.into_iter().chain(cells))?;
    }
    w.into_inner().map(Some).map_err(|e| csv::Error::from(e.into_error()))
}

/// CSV for WPS and Excel: UTF-8 with a BOM, Chinese headers, amounts in 元; one block per table
/// (its title on a line of its own, then its header and rows), blocks apart by an empty line.
pub fn csv(s: &Summary, settings: &Settings) -> Result<Vec<u8>, csv::Error> {
    csv_of(&heading(s, settings, Lang::Zh), &tables(s, settings, Lang::Zh))
}

/// CSV for WPS and Excel of any report: the heading, then one block per table.
pub fn csv_of(heading: &str, tables: &[Table]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record([heading])?;
    for table in tables {
        w.write_record([""])?;
        w.write_record([table.title.as_str()])?;
        w.write_record(&table.header)?;
        for row in &table.rows {
            w.write_record(row.iter().map(|c| crate::domain::text::safe_cell(&c.raw())))?;
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
