//! What the demo's visitors wrote down on hardship visits (走访): what they saw in the home,
//! what the household needs, what was given, the next step. Picked by the household's cause.

use super::demo_hardship_life::VisitText;
use crate::domain::hardship::Cause;

const fn v(
    place: &'static str,
    found: &'static str,
    needs: &'static str,
    given: &'static str,
    next_step: &'static str,
    next_in: u64,
) -> VisitText {
    VisitText { place, found, needs, given, next_step, next_in }
}

pub const ILLNESS: &[VisitText] = &[
    v(
        "家中",
        "本人尿毒症每周透析三次，由妻子陪同；家中药费单据一叠，自述上月自付约2,100元，冰箱里只有剩菜。",
        "透析交通费；医保二次报销材料不会填。",
        "慰问金500元；帮其填好大病二次报销申请表。",
        "陪同到医保局递交二次报销材料",
        14,
    ),
    v(
        "医院病房",
        "爱人乳腺癌术后化疗第四期，本人请假陪护已两月，工资只发基本部分；孩子寄住外婆家。",
        "陪护期间收入；化疗期间营养。",
        "大米一袋、食用油一桶；告知单位工会可申请陪护假补助。",
        "与单位工会联系陪护假补助",
        10,
    ),
    v(
        "家中",
        "本人糖尿病并发视网膜病变，视力下降，已不能开车送货；家里靠妻子超市理货收入，房租欠一个月。",
        "转岗或轻体力工作；房租。",
        "慰问金800元；登记就业援助需求。",
        "推荐参加下月就业援助招聘会",
        30,
    ),
];

pub const DISABILITY: &[VisitText] = &[
    v(
        "家中",
        "儿子脑瘫二级，需全天看护，母亲辞职在家；轮椅已坏一边刹车，用绳子绑着。",
        "新轮椅；康复训练名额。",
        "联系残联申请轮椅适配；送米面油。",
        "残联轮椅适配结果回访",
        21,
    ),
    v(
        "家中",
        "本人工伤致右手残疾（四级），改做仓库看管，月收入比伤前少一半；老母亲同住，腿脚不便。",
        "工伤待遇是否足额；老人日间照料。",
        "帮其核对工伤待遇清单；介绍社区日间照料中心。",
        "陪同咨询社区日间照料",
        15,
    ),
];

pub const STUDY: &[VisitText] = &[
    v(
        "家中",
        "女儿高三住校，学费住宿费已欠一学期；家中两间平房，书桌在床边，墙上贴满奖状。",
        "学费；升学后助学金。",
        "转交助学申请表；学习用品一套。",
        "高考后协助申请金秋助学",
        45,
    ),
    v(
        "学校",
        "儿子读中职二年级，班主任说出勤好、成绩中上；父亲下岗后打零工，学费靠借。",
        "学费减免证明；实习岗位。",
        "开具困难证明送学校资助办。",
        "了解学校资助结果",
        30,
    ),
];

pub const UNEMPLOYMENT: &[VisitText] = &[
    v(
        "家中",
        "本人厂子关停后失业八个月，在送外卖但电动车是租的；妻子在家带两岁孩子，奶粉按罐算着买。",
        "稳定工作；托育。",
        "登记就业意向（叉车证）；慰问金500元。",
        "推荐叉车工岗位面试",
        12,
    ),
    v(
        "社区服务站",
        "本人失业后情绪低落，不愿多谈；社区网格员说常在楼下坐着。妻子在超市做收银。",
        "就业；心理疏导。",
        "约社区心理咨询师见面；介绍公益性岗位。",
        "回访公益性岗位申请",
        20,
    ),
];

pub const ACCIDENT: &[VisitText] = &[
    v(
        "家中",
        "上月下班途中遭遇车祸，左腿骨折打钢板，卧床至少三个月；肇事方赔偿未到位，家里存款已用完。",
        "生活费；法律援助。",
        "慰问金1,000元；联系工会法律援助律师。",
        "律师上门了解赔偿进展",
        7,
    ),
    v(
        "家中",
        "老房子电线起火烧毁厨房和一间卧室，一家暂住亲戚家；衣物被褥都没了。",
        "被褥衣物；修缮资金。",
        "被褥两套、过冬衣物；告知街道临时救助申请办法。",
        "街道临时救助审批后回访",
        14,
    ),
];

pub const OTHER: &[VisitText] = &[
    v(
        "家中",
        "单亲父亲带两个孩子，大的读初中；家中整洁，但冰箱空，孩子午饭在学校吃。",
        "课后托管；生活费。",
        "米面油；帮孩子报名社区暑期托管班。",
        "开学前回访孩子学习情况",
        40,
    ),
    v(
        "家中",
        "老两口都在，本人照顾卧床的父亲，家里有陈年药味；屋顶漏雨，用盆接着。",
        "屋顶修缮；老人护理。",
        "联系社区志愿者修屋顶；慰问金500元。",
        "确认屋顶修好",
        10,
    ),
];

/// Later visits to a household: how things went since the last one.
pub const FOLLOW_UP: &[VisitText] = &[
    v(
        "家中",
        "上次帮办的报销已到账，家里添了过冬被子；本人说药还在吃，复查指标比上次好一些，孩子成绩单贴在门后。",
        "复查费用；孩子下学期学杂费。",
        "米面油；登记下学期助学需求。",
        "开学前确认助学申请",
        60,
    ),
    v(
        "家中",
        "本人已在社区公益岗上班两个月，早出晚归；配偶说家里开销勉强够，但上月老人住院又借了钱。",
        "老人住院自付部分；配偶就业。",
        "告知助医申请材料；推荐配偶参加家政培训。",
        "家政培训报名情况回访",
        30,
    ),
    v(
        "电话后上门",
        "电话里说一切都好，上门看到厨房灶台坏了在用电磁炉，孩子在小桌上写作业；本人承认不想麻烦工会。",
        "灶台维修；孩子学习用品。",
        "联系社区志愿者维修；学习用品一套。",
        "维修后回访",
        14,
    ),
    v(
        "单位车间",
        "到单位见本人，班长说出勤正常，已从临时工转为合同工；收入比建档时高，但仍低于标准，家里负担主要是看病。",
        "年审材料准备。",
        "讲解年审要带的收入证明和核对授权。",
        "年审前提醒带齐材料",
        45,
    ),
];

/// A visit's words for a household with these causes: the first (`n` = 0) finds the
/// household's situation, later ones follow it up.
pub fn visit(causes: &[Cause], pick: u64, n: u64) -> VisitText {
    if n == 0 { for_causes(causes, pick) } else { FOLLOW_UP[((pick + n) % FOLLOW_UP.len() as u64) as usize] }
}

/// A visit's words for a household with these causes; `n` picks among them.
pub fn for_causes(causes: &[Cause], n: u64) -> VisitText {
    let pool = match causes.first() {
        Some(Cause::Illness) => ILLNESS,
        Some(Cause::Disability) => DISABILITY,
        Some(Cause::Study) => STUDY,
        Some(Cause::Unemployment) => UNEMPLOYMENT,
        Some(Cause::Accident | Cause::Disaster) => ACCIDENT,
        _ => OTHER,
    };
    pool[(n % pool.len() as u64) as usize]
}
