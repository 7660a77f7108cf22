"""The duty matrix of section 三(二) of the seed: which department owes what on every task.

Loaded into `DutyRule` by `duty_matrix_seed`; administrators edit it in the admin afterwards.
"""

# area, department code, role, what is owed, days allowed after the plan is approved
DUTY_MATRIX = [
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
