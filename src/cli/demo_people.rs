//! The large demo's people and claims, bulk-inserted: a million workers whose every field is a
//! pure function of (seed, number) — so visits, letters and loans can name a worker without
//! reading it back — and two million claims in every state with their histories.

use super::demo_large::{Bulk, local_stamp};
use crate::db::DbError;
use crate::db::demo_rows::{self, ClaimEventRow, ClaimRow, WorkerRow};
use crate::domain::IdNumber;
use crate::domain::claim::{self, ClaimState};
use chrono::{Datelike, Days, NaiveDate};

/// Zhejiang county codes (杭州, 宁波, 温州, 嘉兴, 湖州, 绍兴, 金华, 衢州, 台州).
const REGIONS: &[&str] = &[
    "330102", "330105", "330106", "330108", "330109", "330110", "330203", "330205", "330206", "330211",
    "330212", "330281", "330282", "330302", "330402", "330502", "330602", "330702", "330802", "331002",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
    "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "沈", "蒋", "叶", "金",
    "欧阳", "诸葛", "司马",
];
const GIVEN: &[&str] = &[
    "建", "国", "秀", "英", "伟", "芳", "海", "燕", "志", "强", "丽", "娟", "庆", "晓", "明", "桂", "兰",
    "华", "红", "梅", "立", "新", "春", "花", "军", "平", "静", "敏", "磊", "洋", "勇", "艳", "杰", "娜",
    "涛", "超", "霞", "婷", "浩", "宇", "欣", "怡", "佳", "琪", "文", "斌", "慧", "萍", "鹏", "飞",
];
/// Work units; the small demo's day draws from the first seven.
pub const UNITS: &[&str] = &[
    "浙江久立特种科技股份有限公司",
    "余姚市人民医院",
    "宁波舜宇光电信息有限公司",
    "余姚市阳明街道社区卫生服务中心",
    "浙江中财管道科技股份有限公司",
    "余姚市公共交通有限公司",
    "宁波市余姚工业园区管委会",
    "杭州市第一人民医院",
    "浙江省建设投资集团股份有限公司第三建筑工程分公司",
    "宁波港集团北仑第三集装箱码头有限公司",
    "温州市瓯海区娄桥街道办事处",
    "嘉兴市南湖区新兴街道社区服务中心",
    "湖州市吴兴区环境卫生管理处",
    "绍兴市越城区快递物流行业工会联合会",
    "金华市婺城区家政服务协会",
    "衢州市柯城区城市管理局",
    "台州市椒江区外卖配送站",
    "慈溪市公牛集团股份有限公司",
    "杭州西湖风景名胜区管理委员会",
    "浙江吉利控股集团有限公司余姚制造基地",
];

/// A surname picked by `h`.
pub fn surname(h: u64) -> &'static str {
    SURNAMES[(h % SURNAMES.len() as u64) as usize]
}

/// splitmix64: the same (seed, number) gives the same value in every table.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The large demo's worker number `i` (its row id is `i + 1`).
pub struct Person {
    pub id: IdNumber,
    pub name: String,
    pub phone: Option<String>,
    pub unit: String,
    pub email: Option<String>,
}

pub fn person(seed: u64, i: u64) -> Option<Person> {
    let h = mix(seed ^ mix(i));
    let at = |shift: u32, n: u64| ((h >> shift) % n) as usize;
    // Unique by construction: (region, birth day, band) is i itself, spread out.
    let (region, k) = (REGIONS[(i % REGIONS.len() as u64) as usize], i / REGIONS.len() as u64);
    let birth = NaiveDate::from_ymd_opt(1962, 1, 1)? + Days::new(k % 15_000);
    let band = (k / 15_000) as u16;
    let id = IdNumber::synthesize(region, birth, band * 250 + (h % 250) as u16)?;
    let given = if at(8, 3) == 0 {
        GIVEN[at(12, 50)].to_string()
    } else {
        [GIVEN[at(12, 50)], GIVEN[at(20, 50)]].concat()
    };
    let name = format!("{}{given}", SURNAMES[at(28, SURNAMES.len() as u64)]);
    let phone = (at(36, 100) < 85).then(|| {
        format!("1{}{}{:08}", ["3", "5", "7", "8", "9"][at(40, 5)], at(44, 10), mix(h) % 100_000_000)
    });
    let email = (at(48, 10) == 0).then(|| format!("w{i}@example.cn"));
    Some(Person { id, name, phone, unit: UNITS[at(52, UNITS.len() as u64)].to_string(), email })
}

pub fn workers(b: &Bulk, n: u64) -> Result<(), DbError> {
    let mut st = demo_rows::Workers::new(b.tx)?;
    let year = b.today.year();
    let created = local_stamp(b.tz, b.first_day, 8 * 60);
    for i in 0..n {
        let Some(p) = person(b.seed, i) else { continue };
        let h = mix(b.seed ^ 0xAB ^ i);
        let enrolled = (h % 10 < 7).then_some(year);
        st.insert(&WorkerRow {
            id: i as i64 + 1,
            id_number: p.id.as_str(),
            name: &p.name,
            phone: p.phone.as_deref(),
            work_unit: &p.unit,
            email: p.email.as_deref(),
            mutual_aid_year: enrolled,
            created_at: &created,
        })?;
        b.tick(1);
    }
    Ok(())
}

/// The state a claim filed `age` days ago has reached, and the steps on the way.
fn path(h: u64, age: i64) -> &'static [ClaimState] {
    use ClaimState::*;
    const PAID: &[ClaimState] = &[Submitted, UnderReview, Approved, Paid];
    const PAID_LATE: &[ClaimState] = &[Submitted, MaterialsIncomplete, UnderReview, Approved, Paid];
    const REJECTED: &[ClaimState] = &[Submitted, UnderReview, Rejected];
    const LAPSED: &[ClaimState] = &[Submitted, MaterialsIncomplete];
    let r = h % 100;
    let full = match r {
        0..=6 => REJECTED,
        7..=8 => LAPSED,
        9..=20 => PAID_LATE,
        _ => PAID,
    };
    // Recent claims stop part-way, more of them the newer they are.
    let steps = match age {
        a if a < 5 => 1 + (h >> 8) as usize % 2,
        a if a < 20 => 1 + (h >> 8) as usize % 3,
        a if a < 45 => 2 + (h >> 8) as usize % 3,
        _ => full.len(),
    };
    &full[..steps.min(full.len())]
}

/// Claims spread over the years, numbered per year as the counter numbers them, with one event
/// per step (window or import), amounts and reasons where the state has them.
pub fn claims(b: &Bulk, n: u64, workers: u64) -> Result<(), DbError> {
    let c = &b.settings.config;
    let kinds: Vec<(String, Vec<String>)> =
        c.claim_kinds.iter().map(|k| (k.code.clone(), k.papers.clone())).collect();
    let consent = c.consent.version.clone();
    let (format, width) = (c.claims.number_format.clone(), c.claims.seq_width);
    let mut rows = demo_rows::Claims::new(b.tx)?;
    let mut seq_of_year = (0i32, 0u32);
    let span = (b.today - b.first_day).num_days().max(1) as u64;
    for i in 0..n {
        let h = mix(b.seed ^ 0xC1A1 ^ mix(i));
        let filed = b.first_day + Days::new(i * span / n);
        let age = (b.today - filed).num_days();
        if filed.year() != seq_of_year.0 {
            if seq_of_year.1 > 0 {
                b.set_counter("claim", seq_of_year.0, seq_of_year.1)?;
            }
            seq_of_year = (filed.year(), 0);
        }
        seq_of_year.1 += 1;
        let no = claim::claim_number(&format, filed.year(), seq_of_year.1, width);
        // A fifth of the claims come from workers who claim again and again.
        let worker =
            if h.is_multiple_of(5) { (h >> 3) % (workers / 10).max(1) } else { (h >> 3) % workers.max(1) };
        let (kind, papers) = &kinds[((h >> 24) % 100) as usize * kinds.len() / 100];
        let claimed = 50_000 + ((h >> 32) % 1000).pow(2) as i64 * 8;
        let steps = path(h >> 40, age);
        let last = *steps.last().unwrap_or(&ClaimState::Submitted);
        let day = |k: usize| filed + Days::new(k as u64 * (3 + (h >> 50) % 9));
        let has = |s: ClaimState| steps.contains(&s);
        let complete = has(ClaimState::UnderReview).then(|| day(steps.len().min(2)).to_string());
        let approved = (has(ClaimState::Approved)).then_some(claimed * (70 + ((h >> 12) % 31) as i64) / 100);
        let paid = has(ClaimState::Paid).then(|| day(steps.len()));
        let missing = (last == ClaimState::MaterialsIncomplete)
            .then(|| papers.iter().take(2).cloned().collect::<Vec<_>>().join("、"));
        let reason = (last == ClaimState::Rejected).then_some("不符合互助保障范围（非住院医疗费用）");
        let imported = h.is_multiple_of(7);
        let clerk = b.clerks[(h >> 16) as usize % b.clerks.len()];
        let id = i as i64 + 1;
        rows.insert(&ClaimRow {
            id,
            claim_no: &no,
            worker_id: worker as i64 + 1,
            kind,
            filed_on: filed.to_string(),
            amount_claimed_fen: claimed,
            amount_approved_fen: approved,
            amount_paid_fen: paid.and(approved),
            paid_on: paid.map(|d| d.to_string()),
            status: last.code(),
            papers_complete_on: complete,
            missing_papers: missing,
            reason,
            registered_by: (!imported).then_some(clerk),
            first_approver: approved.map(|_| b.supervisor),
            consent_version: (!imported).then_some(consent.as_str()),
            created_at: local_stamp(b.tz, filed, 9 * 60 + (h % 420) as u32),
        })?;
        let mut from: Option<ClaimState> = None;
        for (k, s) in steps.iter().enumerate() {
            let by =
                if matches!(s, ClaimState::Approved | ClaimState::Rejected) { b.supervisor } else { clerk };
            let note = (*s == ClaimState::Rejected).then_some("不符合互助保障范围");
            rows.event(&ClaimEventRow {
                claim_id: id,
                at: local_stamp(b.tz, day(k), 9 * 60 + ((h >> k) % 420) as u32),
                clerk_id: (!imported).then_some(by),
                from_state: from.map(ClaimState::code),
                to_state: s.code(),
                note,
                source: if imported { "import" } else { "window" },
            })?;
            from = Some(*s);
        }
        b.tick(1);
    }
    b.set_counter("claim", seq_of_year.0, seq_of_year.1)
}
