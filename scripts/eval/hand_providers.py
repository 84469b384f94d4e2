"""Hand-written providers placed around particular needs: the local specialist a station would know of,
and near misses that look right but break a hard rule (paused, expired check, no time in common,
grant too small). Ids are given in order from 15001 / 25001 / 35001 / 45001 by generate.py."""


def rec(accepted=0, completed=0, rating_count=0, rating_sum=0, load=0, recent=0):
    return dict(accepted=accepted, completed=completed, ratingCount=rating_count, ratingSum=rating_sum,
                currentLoad=load, recentProposals=recent)


def wk(days, *parts):
    return {d: list(parts) for d in days}


WD = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WE = ["Saturday", "Sunday"]


def volunteer(name, home, codes, radius, capacity, availability, skills, description, record, check=None, active=True):
    return dict(kind="Volunteer", name=name, active=active, serviceCodes=codes, home=home, radiusKm=float(radius),
                capacityLeft=capacity, availability=availability, skills=skills, backgroundCheckValidUntil=check,
                description=description, record=record)


def organisation(name, home, codes, area, capacity, description, record, lat=None, lon=None, active=True):
    p = dict(kind="Organisation", name=name, active=active, serviceCodes=codes, home=home, serviceArea=area,
             capacityLeft=capacity, description=description, record=record)
    if lat is not None:
        p["lat"], p["lon"] = lat, lon
    return p


def fund(name, home, codes, scope, budget, max_grant, groups, description, record, active=True):
    return dict(kind="Fund", name=name, active=active, serviceCodes=codes, home=home, serviceArea=scope,
                remainingBudgetYuan=budget, maxPerGrantYuan=max_grant, eligibleGroups=groups,
                description=description, record=record)


def project(name, home, codes, scope, places, groups, start, end, description, record, active=True):
    return dict(kind="MicroGrant", name=name, active=active, serviceCodes=codes, home=home, serviceArea=scope,
                capacityLeft=places, eligibleGroups=groups, activeFrom=start, activeUntil=end,
                description=description, record=record)


HAND = [
    # Volunteers: 15001...
    volunteer("徐德明", "341821101003", ["elderly.visit"], 3, 2, wk(WE, "Afternoon"), ["下棋", "陪伴", "聊天"],
              "竹林村退休小学教师，爱下象棋，住得近。周末下午有空，可以上门陪老人聊天、下棋，帮忙读读报、打打电话给子女。",
              rec(9, 9, 7, 34, 0, 1)),
    volunteer("柏垫村理发师傅胡长林", "341821103002", ["elderly.bath-clean", "elderly.visit"], 8, 2, {}, ["理发", "修面"],
              "在柏垫村开理发店三十年，常年上门给卧床老人理发、刮胡子。今年腰椎手术，暂停接单。",
              rec(31, 30, 22, 106, 0, 0), active=False),
    volunteer("钱翠兰", "341821102002", ["elderly.bath-clean"], 4, 2, wk(WE, "Morning", "Afternoon"), ["保洁", "洗晒被褥"],
              "塔山村人，做家政保洁十来年，周末在家。可以帮村里老人打扫卫生、擦油烟机、拆洗晒被子，干活麻利。",
              rec(12, 11, 8, 36, 0, 1)),
    volunteer("黄德胜", "341821109001", ["elderly.escort-medical"], 15, 2, wk(["Tuesday", "Thursday"], "Morning"), ["驾驶", "陪诊"],
              "在凌笪镇跑客运二十多年，去年退休，家里有辆小轿车。每周二、周四上午可以开车接送老人去县医院看病、复查，帮着挂号取药。",
              rec(14, 14, 10, 48, 0, 1)),
    volunteer("汪秀兰", "341821101002", ["children.after-school"], 4, 2, wk(WD, "Afternoon"), ["辅导作业", "语文", "数学"],
              "在上湾小学教了三十年书，退休后住在村里。工作日下午可以到村部给孩子们辅导作业、检查背诵。已开具无犯罪记录证明。",
              rec(6, 6, 4, 19, 0, 0), check="2026-06-30"),
    volunteer("李子轩", "341821101001", ["children.after-school", "children.holiday-class"], 8, 2, wk(WD, "Afternoon", "Evening"),
              ["辅导作业", "英语"],
              "十字镇中学青年教师，工作日下午五点后可以帮村里孩子辅导作业。无犯罪记录证明还在办理。",
              rec()),
    volunteer("孙晓雯", "341821001005", ["disability.disabled-children"], 8, 2, wk(WE, "Morning", "Afternoon"),
              ["感统训练", "陪伴", "特殊儿童康复"],
              "特教学校老师，做过五年孤独症儿童康复训练，懂得怎么和星星的孩子相处。周末可以上门照看孩子半天，让家长喘口气。已开具无犯罪记录证明。",
              rec(6, 6, 5, 24, 0, 1), check="2026-06-30"),
    volunteer("朱丽娟", "341821001002", ["disability.disabled-children", "disability.rehab"], 6, 2, wk(WE, "Morning", "Afternoon"),
              ["感统训练", "陪伴"],
              "南丰社区居民，在宣城一家孤独症康复机构做过老师，周末在家，愿意陪伴特殊孩子。",
              rec(3, 3, 2, 10, 0, 0), check="2024-12-31"),
    volunteer("胡文华", "341821103005", ["children.holiday-class"], 5, 2, wk(["Saturday"], "Morning"), ["书法", "国画"],
              "兰田村退休干部，练了四十年毛笔字，县书法家协会会员，也会画几笔国画。周六上午可以到儿童之家教孩子写字画画。已开具无犯罪记录证明。",
              rec(4, 4, 3, 15, 0, 0), check="2025-12-31"),
    volunteer("周国庆", "341821101001", ["emergency.fire-safety", "elderly.retrofit"], 10, 2, wk(WE, "Morning", "Afternoon"),
              ["电工", "线路检修"],
              "十字镇供电所退休电工，持高低压电工证。周末可以挨家挨户帮老人查线路、换老化的电线插座和漏电保护器，材料费另算。",
              rec(18, 18, 14, 67, 0, 2)),

    # Organisations: 25001...
    organisation("新发镇乐龄居家养老服务站", "341821102000", ["elderly.bath-clean", "elderly.visit", "elderly.meal"], ["341821102000"], 6,
                 "2019年在县民政局登记成立。承接新发镇居家养老上门服务，护理员上门为老人打扫卫生、拆洗被褥、助浴，也做定期探访和送餐。持证社工2名。服务范围：新发镇。",
                 rec(64, 60, 41, 180, 4, 2), lat=31.040, lon=119.232),
    organisation("东湖村老年人日间照料中心", "341821100001", ["elderly.daycare", "elderly.meal"], ["341821100000"], 3,
                 "2020年在县民政局登记成立。白天托管老人，配有照护员和认知训练室，照顾过多位轻度认知障碍（失智）老人，提供午餐午休，早晚可以接送。持证社工1名。服务范围：建平镇。",
                 rec(38, 36, 25, 113, 9, 1)),
    organisation("郎溪县星语孤独症儿童康复中心", "341821001000", ["disability.disabled-children", "disability.rehab"], ["341821000000"], 3,
                 "2018年在县民政局登记成立。残联定点孤独症儿童康复机构，有康复师六名，开展个训、感统和家长培训，周末提供上门陪护和家庭喘息服务。服务范围：全县。",
                 rec(52, 50, 36, 169, 5, 2), lat=31.140, lon=119.170),
    organisation("郎溪县康宁精神康复服务中心", "341821002000", ["emotional.mental-rehab"], ["341821000000"], 5,
                 "2017年在县民政局登记成立。专做精神障碍患者社区康复，开展服药管理、社交技能训练、康复小组和家属学堂，与县精神卫生中心转介合作。持证社工5名。服务范围：全县。",
                 rec(41, 39, 27, 124, 6, 1), lat=31.118, lon=119.192),
    organisation("飞鲤镇和睦家庭服务社", "341821108000", ["family.mediation", "family.parenting"], ["341821108000"], 4,
                 "2016年在县民政局登记成立。由镇司法所指导，专职调解员和社工一起做赡养、婚姻、分家等家庭纠纷调解，也开家长课堂。持证社工3名。服务范围：飞鲤镇。",
                 rec(47, 44, 30, 136, 3, 1), lat=31.262, lon=119.120),
    organisation("郎溪县慈善协会", "341821000000", ["charity.community-fund", "charity.corporate-link"], ["341821000000"], 4,
                 "县级慈善组织，负责全县慈善募捐和冠名基金管理，可指导村（社区）设立社区公益基金、规范资金使用和公开，对接爱心企业。服务范围：全县。",
                 rec(23, 21, 12, 52, 3, 1), lat=31.126, lon=119.180),
    organisation("定埠村长者食堂", "341821105002", ["elderly.meal"], ["341821105000"], 8,
                 "2019年在县民政局登记成立。定埠村长者食堂每天中午开餐，两荤两素一汤，特困老人免费吃，邻村老人也可以来搭伙，走不动的由志愿者送餐。没有持证社工，以兼职人员为主。服务范围：梅渚镇。",
                 rec(58, 56, 40, 186, 12, 1)),

    organisation("郎溪县蓝鲸水上救援队", "341821102000", ["emergency.flood", "children.safety-education"], ["341821000000"], 4,
                 "2016年在县民政局登记成立。民间水上救援队，队员多是退伍军人和游泳教练，每年汛期参与水域搜救和群众转移；暑期前进村进校做防溺水宣讲，演示落水自救和岸上施救。服务范围：全县。",
                 rec(72, 70, 48, 226, 3, 2), lat=31.040, lon=119.232),

    # Funds: 35001...
    fund("郎溪县慈善会少儿大病救助基金", "341821000000", ["assistance.serious-illness"], ["341821000000"], 180000, 30000,
         ["ChildInDifficulty", "SubsistenceAllowance", "ExtremePoverty"],
         "县慈善会设立，专门救助患白血病、先天性心脏病等重大疾病的困难家庭儿童，医保报销后自付部分按比例资助。资助对象：困境儿童、低保对象、特困供养人员。适用范围：全县。单笔资助一般不超过30000元。",
         rec(21, 20, 14, 66, 2, 1)),
    fund("姚村镇新乡贤助困基金", "341821110000", ["assistance"], ["341821110000"], 60000, 20000, [],
         "姚村镇在外创业的乡贤捐资设立，用于本镇因病、因灾陷入困境家庭的救助。资助对象：辖区困难群众。适用范围：姚村镇。单笔资助一般不超过20000元。",
         rec(9, 9, 6, 27, 1, 0)),
    fund("郎溪县红十字博爱救助金", "341821000000", ["assistance.serious-illness"], ["341821000000"], 90000, 10000, [],
         "县红十字会博爱救助金，用于大病患者的医疗救助。资助对象：辖区困难群众。适用范围：全县。单笔资助一般不超过10000元。",
         rec(36, 35, 20, 88, 3, 2)),
    fund("十字镇乡贤互助基金", "341821101000", ["assistance.serious-illness", "assistance.temporary"], ["341821101000"], 45000, 10000, [],
         "十字镇商会和乡贤发起，救助本镇患大病、遭意外的家庭，不限户籍类别，村里评议后一周内拨付。资助对象：辖区困难群众。适用范围：十字镇。单笔资助一般不超过10000元。",
         rec(15, 15, 10, 46, 1, 0)),

    # Micro-grant projects: 45001...
    project("十字镇“四点半课堂”留守儿童课后服务", "341821101000", ["children.after-school"], ["341821101000"], 12,
            ["LeftBehindChild", "ChildInDifficulty"], "2025-01-01", "2025-12-31",
            "郎溪县公益创投资助项目，由十字镇社工站实施。在各村儿童之家开设四点半课堂，工作日放学后辅导作业、看护孩子，已在十字村、竹林村开班，计划扩展到上湾村。服务对象：留守儿童、困境儿童。项目周期2025-01-01至2025-12-31，服务范围：十字镇。",
            rec(18, 16, 9, 41, 18, 1)),
    project("郎步街道“喘息驿站”残障儿童家庭支持", "341821001000", ["disability.disabled-children"], ["341821001000"], 6,
            ["PersonWithDisability"], "2025-01-01", "2025-12-31",
            "郎溪县公益创投资助项目，由郎溪县星语孤独症儿童康复中心实施。为孤独症、脑瘫等残障儿童家庭提供周末托管和上门陪护，让照顾者每月至少休息两个半天。服务对象：残疾人。项目周期2025-01-01至2025-12-31，服务范围：郎步街道。",
            rec(8, 8, 6, 29, 4, 0)),
]
