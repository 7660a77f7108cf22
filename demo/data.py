"""The seed's county, as data: 禾川镇, its urban communities, the departments and their duties.

Section 三(二) of the source document names the departments; the three communities 二机, 湘赣 and
西门 are named in section 二(一). The other seven names are invented for the demo.
"""

TOWN = "禾川镇"

# name, named in the seed?, households, population, premises m², elderly-care m², staff,
# certified social workers, filed social organisations, registered ones, office computers
COMMUNITIES = [
    ("二机社区", True, 1480, 4210, "260.00", "240.00", 7, 0, 2, 0, 4),
    ("湘赣社区", True, 1620, 4675, "310.00", "330.00", 8, 1, 3, 0, 6),
    ("西门社区", True, 1350, 3890, "298.50", "270.00", 7, 1, 2, 0, 5),
    ("东门社区", False, 1710, 5020, "320.00", "360.00", 9, 1, 3, 1, 8),
    ("南门社区", False, 1290, 3720, "420.00", "310.00", 8, 2, 5, 1, 8),
    ("北门社区", False, 980, 2860, "180.00", "120.00", 5, 0, 1, 0, 2),
    ("城南社区", False, 1560, 4480, "305.00", "320.00", 8, 1, 3, 0, 7),
    ("新华社区", False, 1430, 4120, "300.00", "290.00", 7, 1, 3, 0, 6),
    ("文化社区", False, 1190, 3410, "460.00", "300.00", 9, 3, 6, 2, 9),
    ("建设社区", False, 2150, 6380, "150.00", "80.00", 6, 0, 1, 0, 3),
]

# The three thirds: 二机/湘赣/西门 plus three of the other seven create this year; the
# communities that already passed aim to be distinctive; the rest prepare for next year.
TRACKS = {
    "create": ["二机社区", "湘赣社区", "西门社区", "东门社区", "城南社区", "新华社区"],
    "distinctive": ["南门社区", "文化社区"],
    "prepare": ["北门社区", "建设社区"],
}

_SUPPORT = "加强对社区建设工作的支持和帮助。"
_PREMISES = "按照各自职责，密切配合、加强合作，协调解决社区工作用房。"
_FUNDING = "加大对社区设施建设、工作经费的支持和保障。"
_MASS = "按照各自职责，积极支持和参与社区建设。"

# code, name, short name, kind, lead?, duties
DEPARTMENTS = [
    ("zzb", "县委组织部", "组织部", "party", True, "抓总引领社区建设；推进五好社区党组织建设。"),
    (
        "mzj",
        "县民政局",
        "民政局",
        "government",
        True,
        "牵头指导，搞好协调服务；指导社区自治、社会组织培育和养老服务。",
    ),
    ("fgw", "县发改委", "发改", "government", False, _FUNDING),
    (
        "czj",
        "县财政局",
        "财政",
        "government",
        False,
        _FUNDING + "在年内按规定标准落实社区工作经费和社区工作人员待遇。",
    ),
    (
        "rsj",
        "县人社局",
        "人社局",
        "government",
        False,
        "配合做好社区工作者招聘、新录用公务员挂职等工作。",
    ),
    ("gtj", "县国土资源局", "国土资源", "government", False, _PREMISES),
    ("ghj", "县规划建设局", "规划建设", "government", False, _PREMISES),
    ("fgj", "县房管局", "房管", "government", False, _PREMISES),
    ("jtj", "县教体局", "教体", "government", False, _SUPPORT),
    ("gaj", "县公安局", "公安", "government", False, _SUPPORT),
    ("sfj", "县司法局", "司法", "government", False, _SUPPORT),
    ("zzhb", "县综治办", "综治", "party", False, _SUPPORT),
    ("hbj", "县环保局", "环保", "government", False, _SUPPORT),
    ("whj", "县文化局", "文化", "government", False, _SUPPORT),
    ("wsj", "县卫生局", "卫生", "government", False, _SUPPORT),
    ("jsj", "县计生局", "计生", "government", False, _SUPPORT),
    ("zgh", "县总工会", "工会", "mass", False, _MASS),
    ("gqt", "共青团县委", "共青团", "mass", False, _MASS),
    ("fl", "县妇联", "妇联", "mass", False, _MASS),
    ("cl", "县残联", "残联", "mass", False, _MASS),
]


def campaign_for(year: int) -> tuple[int, str]:
    """The demo campaign runs in the current year, so its periods hold what the demo did today."""
    return year, f"{year}年“人文社区 温馨家园”创建工作"


DEMO_PASSWORD = "hechuan2015"
# The clerks of the departments without a demo login: clerk-fgj for 县房管局, …
DEPARTMENT_CLERK_PREFIX = "clerk-"

# username, full name (last, first), roles, department code, community name
DEMO_USERS = [
    ("leader", "李", "建国", ["县领导"], None, None),
    ("lead", "王", "芳", ["牵头部门", "部门工作人员"], "zzb", None),
    ("dept", "赵", "磊", ["部门工作人员"], "czj", None),
    ("inspector", "陈", "明", ["督查员"], None, None),
    ("community", "刘", "秀英", ["社区工作人员"], None, "二机社区"),
    ("admin", "周", "平", ["系统管理员"], None, None),
]
