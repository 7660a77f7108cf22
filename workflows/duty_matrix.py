"""The duty matrix of section 三(二) of the seed: which department owes what on every task.

Loaded into `DutyRule` by `duty_matrix_seed`; administrators edit it in the admin afterwards.
"""

# track, area, department code, role, what is owed, days allowed after the plan is approved.
# Each track its own work: the create track's from section 三(二); the distinctive track's from
# section 二(二) (staff quality, volunteering, social organisations, services for the old and the
# young, the smart-community pilot); the prepare track's from section 二(三), led by 民政局
# (survey and resizing, premises, staffing, funding planned ahead).
CREATE_MATRIX = [
    ("organisation", "zzb", "lead", "抓总引领，推进五好社区党组织建设，健全社区配套组织。", 90),
    ("guidance", "mzj", "lead", "牵头指导创建工作，培育社区社会组织，落实养老服务措施。", 90),
    ("funding", "czj", "lead", "在年内按规定标准落实社区工作经费和社区工作人员待遇。", 60),
    ("funding", "fgw", "support", "支持社区设施建设项目立项和资金保障。", 60),
    ("staffing", "rsj", "lead", "配合做好社区工作者招聘、新录用公务员挂职等工作。", 60),
    ("premises", "ghj", "lead", "将社区管理和服务用房纳入规划，确保不少于300平方米。", 75),
    ("premises", "gtj", "support", "通过划拨、置换等方式保障社区用房用地。", 75),
    ("premises", "fgj", "support", "督促新建、改建住宅小区配套预留社区用房，不计入公摊。", 75),
    ("support", "jtj", "support", "支持托幼早教中心和“四点半学校”建设。", 45),
    ("support", "gaj", "support", "设立社区警务室，参与平安联创。", 45),
    ("support", "sfj", "support", "指导人民调解委员会建设，开展法律服务进社区。", 45),
    ("support", "zzhb", "support", "推进网格化管理和平安联创中心建设。", 45),
    ("support", "hbj", "support", "支持社区环境整治。", 45),
    ("support", "whj", "support", "支持社区文化活动中心和图书阅览室建设。", 45),
    ("support", "wsj", "support", "支持社区卫生服务中心和卫生计生室建设。", 45),
    ("support", "jsj", "support", "指导社区计划生育委员会工作。", 45),
    ("participation", "zgh", "support", "组织职工志愿者参与社区服务。", 45),
    ("participation", "gqt", "support", "健全社区团组织，组织青年志愿者服务。", 45),
    ("participation", "fl", "support", "健全社区妇女组织，参与托幼早教服务。", 45),
    ("participation", "cl", "support", "参与居家养老助残服务中心建设。", 45),
]

DISTINCTIVE_MATRIX = [
    (
        "staffing",
        "rsj",
        "lead",
        "加强社区工作者职业能力培训，鼓励未持证社工参加社会工作职业资格考试，"
        "力争每个社区至少有一名持证社工。",
        90,
    ),
    (
        "guidance",
        "mzj",
        "lead",
        "培育3支以上备案的社区社会组织，力争一个在民政部门注册登记；"
        "摸清独居、空巢、失能、高龄、困难老人底数，落实日间照料、上门服务等为老服务。",
        90,
    ),
    (
        "organisation",
        "zzb",
        "support",
        "推行党员到社区志愿服务制度，驻社区单位在职人员每年至少一次参与社区志愿服务。",
        90,
    ),
    ("support", "jtj", "support", "依托社区托幼早教中心开办“四点半学校”。", 60),
    (
        "funding",
        "czj",
        "support",
        "保障智慧社区建设试点：办公电脑原则上每人一台，升级社区公共服务综合信息系统。",
        90,
    ),
    ("participation", "cl", "support", "参与社区居家养老助残服务，协助失能老人照料。", 60),
]

PREPARE_MATRIX = [
    (
        "guidance",
        "mzj",
        "lead",
        "牵头摸清社区底数，对规模过大或过小的社区提出调整方案，组织明年创建准备。",
        60,
    ),
    ("premises", "ghj", "lead", "提前谋划布局社区管理和服务用房，纳入规划，不少于300平方米。", 90),
    ("premises", "gtj", "support", "提前落实社区用房用地。", 90),
    ("premises", "fgj", "support", "梳理住宅小区配套社区用房，提出移交计划。", 90),
    ("staffing", "rsj", "lead", "提前谋划社区人员配备，提出社区工作者招聘计划。", 90),
    ("funding", "czj", "lead", "将明年社区基础设施建设和工作经费纳入预算安排。", 90),
    ("funding", "fgw", "support", "谋划社区设施建设项目，做好立项准备。", 90),
]

DUTY_MATRIX = [
    *(("create", *row) for row in CREATE_MATRIX),
    *(("distinctive", *row) for row in DISTINCTIVE_MATRIX),
    *(("prepare", *row) for row in PREPARE_MATRIX),
]
