"""The bulk of the providers: volunteers (individuals and teams), social organisations, charitable funds
and micro-grant projects, generated from hand-written text pools with a fixed seed so ids are stable."""
import random

from places import COUNTY, TOWNSHIPS, TOWNSHIP_NAME, VILLAGES, full_name, offset, village_point, villages_of

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DAY_CN = {"Monday": "周一", "Tuesday": "周二", "Wednesday": "周三", "Thursday": "周四", "Friday": "周五",
          "Saturday": "周六", "Sunday": "周日"}
WEEKDAYS = DAYS[:5]
WEEKEND = DAYS[5:]


def slots(days, parts):
    return {d: list(parts) for d in days}


# Availability patterns of volunteers: (slots, how people say it)
def availability(rng, pattern):
    if pattern == "weekend":
        return slots(WEEKEND, ["Morning", "Afternoon"]), rng.choice(["周末一般都有空", "周六周日可以出来", "双休日有时间", "平时上班，周末可以"])
    if pattern == "weekend_morning":
        return slots(WEEKEND, ["Morning"]), rng.choice(["周末上午有空", "周六周日上午可以"])
    if pattern == "weekday_evening":
        return slots(WEEKDAYS, ["Evening"]), rng.choice(["工作日晚上有空", "白天上班，晚上七点以后可以", "下班后晚上有时间"])
    if pattern == "weekday_day":
        return slots(WEEKDAYS, ["Morning", "Afternoon"]), rng.choice(["工作日白天都在家", "周一到周五白天时间比较自由", "平时白天有空"])
    if pattern == "weekday_morning":
        return slots(WEEKDAYS, ["Morning"]), rng.choice(["每天上午有空", "上午时间多，下午要接孙子", "工作日上午可以"])
    if pattern == "weekday_afternoon":
        return slots(WEEKDAYS, ["Afternoon"]), rng.choice(["工作日下午有空", "下午三点以后可以", "平时下午比较闲"])
    if pattern == "twice_week":
        two = sorted(rng.sample(range(5), 2))
        part = rng.choice(["Morning", "Afternoon"])
        days = [WEEKDAYS[i] for i in two]
        return slots(days, [part]), f"每周{DAY_CN[days[0]][1]}、{DAY_CN[days[1]][1]}{'上午' if part == 'Morning' else '下午'}有空"
    if pattern == "all_week_day":
        return slots(DAYS, ["Morning", "Afternoon"]), rng.choice(["退休在家，基本每天都有时间", "时间比较充裕，白天随叫随到", "一周七天白天都可以"])
    if pattern == "evenings_weekends":
        s = slots(WEEKDAYS, ["Evening"])
        s.update(slots(WEEKEND, ["Morning", "Afternoon", "Evening"]))
        return s, rng.choice(["晚上和周末都可以", "工作日晚上、周末全天有空"])
    return {}, rng.choice(["时间可以商量", "提前约好时间就行", ""])


# ---------------------------------------------------------------- volunteers
# Individual personas: who they are, what they offer per catalogue item, their skills and habits.
PERSONAS = [
    dict(key="teacher", weight=9,
         identities=[("退休小学语文教师", ["作文"]), "在{town}中心小学教了三十多年书，前年退休", ("退休的初中数学老师", ["数学"]),
                     "乡村小学退休教师，家住{village}", ("退休英语老师", ["英语"])],
         exclusive=["数学", "英语", "作文"],
         offers={
             "children.after-school": ["放学后可以给孩子们辅导作业", "能帮留守娃娃看看作业、讲讲错题", "愿意在四点半课堂帮孩子检查作业、练练字"],
             "children.holiday-class": ["寒暑假可以开个书法班或阅读班", "假期可以带孩子们读书、写作文"],
             "family.parenting": ["也能跟家长聊聊怎么辅导孩子学习", "可以给爷爷奶奶们讲讲隔代教育"],
             "children.in-difficulty": ["愿意长期结对陪伴一两个困境孩子"],
         },
         items={"children.after-school": 6, "children.holiday-class": 3, "family.parenting": 1, "children.in-difficulty": 1},
         area="children", area_prob=0.15,
         skills=["辅导作业", "书法", "阅读指导", "作文", "数学", "英语"],
         avail=["weekday_afternoon", "weekday_day", "weekend", "twice_week", "all_week_day"],
         radius=(2, 8), bg=(0.7, 0.15), tasks=(1, 3)),
    dict(key="student", weight=8,
         identities=["在合肥读大三，家在{village}", "师范院校在读学生，寒暑假回{town}", "在读研究生，老家{village}", "刚毕业回乡创业的大学生",
                     ("美术专业大学生，家在{village}", ["美术"]), ("计算机专业学生", ["编程"])],
         exclusive=["美术", "编程"],
         offers={
             "children.holiday-class": ["假期可以给村里小朋友上美术、英语课", "可以带孩子们做科学小实验、学编程", "暑假想办个篮球和跳绳兴趣班"],
             "children.after-school": ["可以辅导小学、初中的作业", "能线上线下帮孩子补补数学英语"],
             "children.safety-education": ["参加过防溺水培训，可以给孩子们讲安全知识"],
             "culture.festivals": ["会拍照剪视频，村里搞活动可以帮忙"],
         },
         items={"children.holiday-class": 5, "children.after-school": 3, "children.safety-education": 1, "culture.festivals": 1},
         area="children", area_prob=0.1,
         skills=["辅导作业", "英语", "美术", "编程", "摄影", "篮球", "科学实验"],
         avail=["weekend", "weekday_evening", "evenings_weekends"],
         radius=(3, 12), bg=(0.45, 0.15), tasks=(1, 2)),
    dict(key="barber", weight=5,
         identities=["在{town}街上开了二十年理发店", "理发师，自己开店", "退休理发师傅", "做美发的，店在{village}路口"],
         offers={
             "elderly.bath-clean": ["可以上门给卧床、行动不便的老人理发修面", "每月可以抽一天给老人免费剪头发"],
             "elderly.visit": ["给老人理发的时候顺便陪他们聊聊天"],
         },
         items={"elderly.bath-clean": 5, "elderly.visit": 2},
         area="elderly", area_prob=0.3,
         skills=["理发", "修面", "剪发"],
         avail=["weekday_morning", "twice_week", "none", "weekend_morning"],
         radius=(3, 12), bg=(0.1, 0.05), tasks=(1, 3)),
    dict(key="electrician", weight=5,
         identities=["持证电工，在{town}做水电安装", "退休电力职工", "家电维修师傅", "供电所退休电工"],
         offers={
             "emergency.fire-safety": ["可以上门检查老房子的电线、插座，排查用电隐患", "能帮忙换老化的电线和漏电保护器"],
             "governance.stairwell-safety": ["可以帮小区排查飞线充电、私拉电线"],
             "elderly.retrofit": ["会装扶手、感应夜灯这些小改造"],
         },
         items={"emergency.fire-safety": 5, "governance.stairwell-safety": 2, "elderly.retrofit": 2},
         area="emergency", area_prob=0.1,
         skills=["电工", "线路检修", "水电维修", "家电维修"],
         avail=["weekend", "weekday_evening", "none", "twice_week"],
         radius=(5, 15), bg=(0.15, 0.1), tasks=(1, 3)),
    dict(key="doctor", weight=6,
         identities=["{village}卫生室的乡村医生", "县人民医院退休护士", "镇卫生院在职护士", "退休内科医生", "中医馆坐诊医生"],
         offers={
             "health.clinic": ["可以参加义诊，给老人量血压、测血糖", "能做健康讲座，讲讲高血压、糖尿病的日常管理"],
             "elderly.escort-medical": ["熟悉县医院看病流程，可以陪老人挂号复查", "能陪诊、帮忙看化验单"],
             "disability.rehab": ["懂一些中风后的康复护理"],
             "elderly.visit": ["上门看望时可以顺便测测血压"],
         },
         items={"health.clinic": 5, "elderly.escort-medical": 3, "disability.rehab": 1, "elderly.visit": 1},
         area="health", area_prob=0.1,
         skills=["量血压", "测血糖", "护理", "急救", "中医推拿", "健康讲座"],
         avail=["weekend_morning", "weekday_evening", "weekend", "twice_week"],
         radius=(3, 15), bg=(0.3, 0.1), tasks=(1, 3)),
    dict(key="rehab", weight=4,
         identities=["康复治疗师，在县医院康复科工作", "特教学校老师", "在宣城做儿童康复的治疗师，周末回{town}", "残联培训过的康复指导员"],
         offers={
             "disability.rehab": ["可以上门指导偏瘫、骨折后的康复训练", "能教家属做肢体功能锻炼和防褥疮护理"],
             "disability.disabled-children": ["做过孤独症儿童的康复训练，可以陪伴和指导家长", "能给脑瘫孩子做康复训练"],
         },
         items={"disability.rehab": 5, "disability.disabled-children": 3},
         area="disability", area_prob=0.25,
         skills=["康复训练", "推拿按摩", "言语训练", "感统训练"],
         avail=["weekend", "weekday_evening", "twice_week"],
         radius=(5, 20), bg=(0.5, 0.15), tasks=(1, 2)),
    dict(key="counsellor", weight=5,
         identities=["国家二级心理咨询师", "学校心理老师", "做过多年热线心理援助的志愿者", "社工专业毕业，持证社工"],
         offers={
             "emotional.counselling": ["可以做一对一的心理疏导，情绪低落、失眠焦虑都能聊", "擅长倾听，能陪伴遇到变故的人走出来", "可以电话或上门做心理支持"],
             "family.parenting": ["也做亲子沟通、青春期教育的指导"],
             "children.in-difficulty": ["能对困境儿童做心理评估和陪伴"],
         },
         items={"emotional.counselling": 6, "family.parenting": 2, "children.in-difficulty": 1},
         area="emotional", area_prob=0.15,
         skills=["心理咨询", "倾听", "沙盘游戏", "情绪疏导"],
         avail=["weekday_evening", "weekend", "evenings_weekends"],
         radius=(5, 20), bg=(0.5, 0.15), tasks=(1, 3)),
    dict(key="lawyer", weight=5,
         identities=["执业律师，在县城律所工作", "基层法律服务工作者", "法院退休干部", "政法大学毕业，在{town}司法所工作"],
         offers={
             "legal.aid": ["可以免费提供法律咨询，帮忙写起诉状、申请法律援助", "讨薪、工伤、交通事故赔偿这些都可以咨询"],
             "legal.dispute": ["能参与邻里、土地纠纷的调解"],
             "legal.publicity": ["可以进村讲普法课、防诈骗知识"],
         },
         items={"legal.aid": 5, "legal.dispute": 2, "legal.publicity": 2},
         area="legal", area_prob=0.3,
         skills=["法律咨询", "劳动仲裁", "合同审查", "调解", "文书写作"],
         avail=["weekday_evening", "weekend", "twice_week", "none"],
         radius=(5, 20), bg=(0.2, 0.05), tasks=(1, 3)),
    dict(key="driver", weight=6,
         identities=["跑出租的司机", "家里有辆七座车，做点小生意", "网约车司机", "退休的客运司机", "在县城上班，每天开车往返{town}"],
         offers={
             "elderly.escort-medical": ["可以开车接送老人去县医院看病、复查", "能接送行动不便的老人去卫生院配药"],
             "assistance.material": ["可以帮忙开车运送爱心物资"],
             "emergency.flood": ["汛期可以开车帮忙转移群众"],
         },
         items={"elderly.escort-medical": 6, "assistance.material": 2, "emergency.flood": 1},
         area="elderly", area_prob=0.05,
         skills=["驾驶", "陪诊"],
         avail=["weekday_morning", "weekday_day", "weekend", "twice_week", "none"],
         radius=(10, 20), bg=(0.2, 0.1), tasks=(1, 3)),
    dict(key="cook", weight=5,
         identities=["在{town}开小饭馆", "退休的食堂师傅", "农家乐老板娘", "学校食堂厨师"],
         offers={
             "elderly.meal": ["中午可以多做几份饭菜，给附近独居老人送过去", "可以到村里的助餐点帮厨、分餐", "能做软烂好嚼的饭菜，适合牙口不好的长者", "愿意给附近的长者助餐送饭"],
             "culture.festivals": ["过节可以带大家包饺子、包粽子"],
         },
         items={"elderly.meal": 6, "culture.festivals": 1},
         area="elderly", area_prob=0.1,
         skills=["烹饪", "送餐", "面点"],
         avail=["weekday_morning", "all_week_day", "weekday_day", "none"],
         radius=(2, 8), bg=(0.1, 0.05), tasks=(1, 3)),
    dict(key="housekeeper", weight=5,
         identities=["做家政保洁的", "养老院护理员，轮休时有空", "家住{village}，在家带孙子的奶奶", "持证养老护理员"],
         offers={
             "elderly.bath-clean": ["可以上门帮老人打扫卫生、洗晒被褥", "做过护理，能给行动不便的老人擦身洗头", "会助浴，手脚轻，老人放心"],
             "elderly.visit": ["也能隔三岔五上门看看独居老人"],
             "elderly.meal": ["可以顺路给老人带饭"],
         },
         items={"elderly.bath-clean": 6, "elderly.visit": 2, "elderly.meal": 1},
         area="elderly", area_prob=0.2,
         skills=["保洁", "助浴", "护理", "洗衣做饭"],
         avail=["weekday_day", "weekday_morning", "twice_week", "weekend"],
         radius=(2, 8), bg=(0.1, 0.05), tasks=(1, 3)),
    dict(key="cadre", weight=6,
         identities=["退休村干部，老党员", "在{village}当了二十年村会计，现已退休", "乡镇退休干部", "{village}老党员，村民小组长"],
         offers={
             "legal.dispute": ["村里邻里吵架、宅基地纠纷，我去说和说和", "熟悉村里情况，能帮着调解家长里短"],
             "assistance.dibao-help": ["熟悉低保、特困供养政策，可以帮困难户准备材料", "能帮忙填表、跑手续"],
             "elderly.visit": ["经常去看看村里的独居老人"],
             "governance.environment": ["带头清理房前屋后的垃圾"],
         },
         items={"legal.dispute": 3, "assistance.dibao-help": 3, "elderly.visit": 2, "governance.environment": 1},
         area="assistance", area_prob=0.1,
         skills=["政策解读", "调解", "填表", "入户走访"],
         avail=["all_week_day", "weekday_day", "none"],
         radius=(1, 6), bg=(0.1, 0.05), tasks=(1, 3)),
    dict(key="veteran", weight=5,
         identities=["退伍军人，在{town}跑运输", "退役消防员", "退伍老兵，会游泳", "民兵连长"],
         offers={
             "emergency.flood": ["汛期可以参加巡堤、转移群众", "会开冲锋舟，参加过抗洪抢险"],
             "emergency.fire-safety": ["可以讲消防知识，教大家用灭火器"],
             "children.safety-education": ["可以给孩子们上防溺水课"],
             "emergency.epidemic": ["疫情时可以参与卡点值守和送物资"],
         },
         items={"emergency.flood": 5, "emergency.fire-safety": 3, "children.safety-education": 1, "emergency.epidemic": 1},
         area="emergency", area_prob=0.3,
         skills=["救生", "急救", "游泳", "驾驶", "冲锋舟驾驶"],
         avail=["none", "weekend", "all_week_day"],
         radius=(5, 20), bg=(0.3, 0.1), tasks=(1, 3)),
    dict(key="artist", weight=5,
         identities=["广场舞领队", "退休文工团演员", "黄梅戏爱好者", "社区合唱团团长", "太极拳教练"],
         offers={
             "culture.sports-arts": ["可以教广场舞、健身操", "能组织排练节目、带大家唱歌", "可以教太极拳、八段锦"],
             "culture.festivals": ["逢年过节可以编排节目、主持晚会"],
         },
         items={"culture.sports-arts": 5, "culture.festivals": 3},
         area="culture", area_prob=0.3,
         skills=["广场舞", "唱歌", "主持", "黄梅戏", "太极拳", "舞蹈"],
         avail=["weekday_evening", "weekday_morning", "evenings_weekends"],
         radius=(2, 10), bg=(0.1, 0.05), tasks=(1, 3)),
    dict(key="ecommerce", weight=3,
         identities=["做农产品电商的返乡青年", "在{town}开网店卖茶叶", "快递站老板"],
         offers={
             "employment.job-help": ["可以帮找工作的人在网上投简历、推荐岗位", "能带有意愿的人学开网店、做直播"],
             "culture.charity-market": ["公益集市可以帮忙直播义卖"],
             "charity.resource-map": ["会做表格，可以帮忙整理村里的资源清单"],
         },
         items={"employment.job-help": 4, "culture.charity-market": 2, "charity.resource-map": 1},
         area="employment", area_prob=0.2,
         skills=["电商", "直播带货", "电脑操作", "短视频"],
         avail=["weekday_evening", "weekend", "none"],
         radius=(3, 15), bg=(0.1, 0.05), tasks=(1, 2)),
    dict(key="signer", weight=3,
         identities=["会手语，在聋人学校做过志愿者", "残疾人家属，照顾孩子十几年", "残联专职委员"],
         offers={
             "disability.disabled-children": ["可以陪伴残障孩子，让家长喘口气", "能给听障孩子做手语陪伴"],
             "disability.rehab": ["可以陪残障人士做日常康复锻炼"],
             "assistance.dibao-help": ["熟悉残疾人两项补贴的申请，可以帮忙办"],
         },
         items={"disability.disabled-children": 4, "disability.rehab": 2, "assistance.dibao-help": 2},
         area="disability", area_prob=0.3,
         skills=["手语", "陪伴", "政策解读"],
         avail=["weekend", "twice_week", "weekday_afternoon"],
         radius=(3, 12), bg=(0.5, 0.1), tasks=(1, 2)),
    dict(key="mother", weight=5,
         identities=["全职妈妈，孩子上小学了", "家庭主妇，家住{village}", "二孩妈妈，在家带孩子"],
         offers={
             "children.after-school": ["下午可以帮忙看护放学的孩子、陪写作业", "能陪小朋友读绘本"],
             "elderly.visit": ["可以常去看看邻居家的独居老人"],
             "family.parenting": ["愿意分享带娃经验，参加家长互助小组"],
             "elderly.meal": ["能帮助餐点择菜、送饭"],
         },
         items={"children.after-school": 4, "elderly.visit": 3, "family.parenting": 1, "elderly.meal": 2},
         area="children", area_prob=0.05,
         skills=["陪伴", "辅导作业", "绘本阅读", "烹饪"],
         avail=["weekday_afternoon", "weekday_morning", "twice_week"],
         radius=(1, 5), bg=(0.4, 0.1), tasks=(1, 2)),
    dict(key="grid", weight=4,
         identities=["{village}专职网格员", "社区物业管家", "小区业委会成员", "社区楼栋长"],
         offers={
             "governance.stairwell-safety": ["可以带队清理楼道杂物、劝导电动车不进楼", "熟悉楼栋情况，能排查消防通道"],
             "governance.pets": ["可以做文明养犬宣传"],
             "governance.falling-objects": ["能入户宣传高空抛物的危害"],
             "governance.environment": ["能组织居民搞卫生大扫除"],
             "charity.resource-map": ["可以帮忙摸排辖区资源"],
         },
         items={"governance.stairwell-safety": 4, "governance.pets": 2, "governance.falling-objects": 2, "governance.environment": 2, "charity.resource-map": 1},
         area="governance", area_prob=0.3,
         skills=["入户走访", "宣传", "隐患排查"],
         avail=["weekday_day", "weekday_evening", "all_week_day"],
         radius=(1, 4), bg=(0.1, 0.05), tasks=(1, 3)),
    dict(key="clerk", weight=3,
         identities=["银行退休职员", "村文书", "在人社所工作过"],
         offers={
             "assistance.dibao-help": ["可以帮困难家庭整理申请材料、了解救助政策", "会用手机帮老人办社保认证"],
             "employment.job-help": ["熟悉县里的招聘信息，可以帮忙推荐岗位"],
         },
         items={"assistance.dibao-help": 4, "employment.job-help": 2},
         area="assistance", area_prob=0.1,
         skills=["填表", "电脑操作", "政策解读"],
         avail=["weekday_day", "twice_week", "weekday_afternoon"],
         radius=(2, 10), bg=(0.1, 0.05), tasks=(1, 3)),
    dict(key="handyman", weight=4,
         identities=["木工师傅", "做装修的泥瓦匠", "水电工，手艺二十多年", "退休的建筑工人"],
         offers={
             "elderly.retrofit": ["可以免费帮老人家装扶手、改防滑地面，材料要另外出", "会做无障碍坡道、改卫生间"],
             "assistance.material": ["能帮忙修修补补漏雨的房子"],
             "emergency.flood": ["汛后可以帮受灾户修房子"],
         },
         items={"elderly.retrofit": 5, "assistance.material": 1, "emergency.flood": 1},
         area="elderly", area_prob=0.05,
         skills=["木工", "泥瓦", "安装扶手", "水电维修"],
         avail=["weekend", "none", "twice_week"],
         radius=(5, 15), bg=(0.05, 0.05), tasks=(1, 2)),
    dict(key="coach", weight=3,
         identities=["游泳教练", "体育老师", "县游泳馆救生员"],
         offers={
             "children.safety-education": ["可以给孩子讲防溺水，教自救方法", "每年暑假前都去学校做防溺水宣讲"],
             "children.holiday-class": ["暑假可以开游泳、跳绳、篮球班"],
         },
         items={"children.safety-education": 4, "children.holiday-class": 3},
         area="children", area_prob=0.1,
         skills=["游泳", "防溺水", "急救", "体育"],
         avail=["weekend", "weekday_afternoon"],
         radius=(5, 15), bg=(0.7, 0.15), tasks=(1, 2)),
    dict(key="police", weight=2,
         identities=["退休民警", "交警大队退休干部", "派出所辅警"],
         offers={
             "children.safety-education": ["可以给孩子讲交通安全、自我保护"],
             "legal.publicity": ["能讲讲电信诈骗、保健品骗局的套路", "可以进村做反诈宣传"],
         },
         items={"children.safety-education": 2, "legal.publicity": 4},
         area="legal", area_prob=0.1,
         skills=["防诈骗宣传", "交通安全", "普法宣传"],
         avail=["weekday_day", "weekday_morning", "none"],
         radius=(5, 20), bg=(0.6, 0.1), tasks=(1, 3)),
    dict(key="companion", weight=6,
         identities=["退休工人", "{village}的低龄老人，身体还硬朗", "在{town}敬老院做过义工", "退休的供销社职工"],
         offers={
             "elderly.visit": ["可以定期上门陪老人拉拉家常、读读报", "愿意结对看望独居老人，帮忙买点东西", "能陪老人聊天解闷", "愿意常去看看空巢长者"],
             "elderly.escort-medical": ["可以陪老人去卫生院拿药"],
             "emotional.counselling": ["喜欢和人聊天，能陪心里苦闷的人说说话"],
         },
         items={"elderly.visit": 6, "elderly.escort-medical": 2, "emotional.counselling": 1},
         area="elderly", area_prob=0.15,
         skills=["陪伴", "聊天", "读报", "代购"],
         avail=["all_week_day", "weekday_morning", "weekday_afternoon", "twice_week"],
         radius=(1, 5), bg=(0.05, 0.05), tasks=(1, 3)),
    dict(key="farmer", weight=2,
         identities=["种粮大户", "茶叶合作社负责人", "养殖能手"],
         offers={
             "employment.job-help": ["合作社常年招工，可以优先安排困难群众", "能教种植养殖技术，帮大家找活干"],
             "assistance.material": ["每年可以捐些米和菜籽油"],
         },
         items={"employment.job-help": 4, "assistance.material": 2},
         area="employment", area_prob=0.1,
         skills=["种植", "养殖", "茶叶采摘"],
         avail=["none", "weekday_day"],
         radius=(5, 15), bg=(0.05, 0.05), tasks=(1, 3)),
]

TEAMS = [
    dict(key="women", weight=5, suffixes=["巾帼志愿服务队", "妇女志愿服务队", "巾帼志愿者协会"],
         intros=["由村里的姐妹们自发组成", "村妇联牵头成立的", "都是附近的中年妇女"],
         offers={
             "elderly.visit": ["定期上门探望独居、空巢老人", "和村里的老人结对，每周去看看"],
             "elderly.bath-clean": ["给行动不便的老人打扫卫生、拆洗被褥"],
             "elderly.meal": ["轮流给高龄老人送午饭", "在助餐点帮厨、分餐"],
             "culture.festivals": ["过节组织包粽子、包饺子送老人"],
         },
         items={"elderly.visit": 4, "elderly.bath-clean": 3, "elderly.meal": 3, "culture.festivals": 2},
         skills=["保洁", "烹饪", "陪伴", "送餐"], avail=["weekday_day", "weekend", "all_week_day"], radius=(2, 8)),
    dict(key="party", weight=4, suffixes=["党员志愿服务队", "老党员先锋队", "红马甲志愿服务队"],
         intros=["由村里的党员组成", "在职和退休党员一起组建", "镇党委指导成立"],
         offers={
             "elderly.visit": ["结对帮扶独居老人", "逢年过节走访困难老人"],
             "governance.environment": ["定期开展人居环境整治", "清理沟渠、河塘垃圾"],
             "assistance.material": ["给困难群众送米送油"],
             "legal.dispute": ["参与化解邻里矛盾"],
         },
         items={"elderly.visit": 3, "governance.environment": 3, "assistance.material": 2, "legal.dispute": 2},
         skills=["入户走访", "调解", "环境整治"], avail=["weekend", "none", "weekday_day"], radius=(3, 10)),
    dict(key="youth", weight=4, suffixes=["青年志愿者服务队", "大学生志愿服务队", "青春志愿服务队"],
         intros=["团委组织的", "返乡大学生和年轻人组成", "年轻人自发组织"],
         offers={
             "children.after-school": ["周末和假期给留守儿童辅导作业", "开展四点半课堂，陪孩子写作业"],
             "children.holiday-class": ["寒暑假开设美术、阅读、体育兴趣课", "暑期开办爱心课堂"],
             "culture.festivals": ["帮村里组织节日活动"],
             "emergency.epidemic": ["疫情期间帮忙送菜送药"],
         },
         items={"children.after-school": 4, "children.holiday-class": 4, "culture.festivals": 2, "emergency.epidemic": 1},
         skills=["辅导作业", "美术", "英语", "摄影", "组织活动"], avail=["weekend", "evenings_weekends"], radius=(5, 15)),
    dict(key="rescue", weight=3, suffixes=["应急救援志愿队", "民兵应急志愿分队", "水上救援志愿队"],
         intros=["由退伍军人和民兵骨干组成", "配有冲锋舟和救生衣", "长期参与汛期值守"],
         offers={
             "emergency.flood": ["汛期巡堤查险、转移群众", "参与防汛抢险和灾后清淤"],
             "emergency.fire-safety": ["开展消防演练和用电安全宣传"],
             "children.safety-education": ["进学校讲防溺水"],
         },
         items={"emergency.flood": 5, "emergency.fire-safety": 3, "children.safety-education": 1},
         skills=["救生", "冲锋舟驾驶", "急救", "巡堤"], avail=["none", "all_week_day"], radius=(8, 20)),
    dict(key="medical", weight=3, suffixes=["医疗志愿服务队", "健康志愿服务队", "白衣天使志愿队"],
         intros=["由卫生院医生护士组成", "县医院医务人员自发组织", "退休医护人员组成"],
         offers={
             "health.clinic": ["每月下村义诊，量血压、测血糖", "开展健康讲座和慢病随访"],
             "elderly.escort-medical": ["可以协助老人就医、预约复查"],
         },
         items={"health.clinic": 5, "elderly.escort-medical": 2},
         skills=["量血压", "测血糖", "义诊", "健康讲座"], avail=["weekend_morning", "weekend"], radius=(5, 20)),
    dict(key="meal", weight=2, suffixes=["爱心送餐队", "助餐志愿队"],
         intros=["配合村里的老年食堂", "骑电动车送餐的志愿者"],
         offers={"elderly.meal": ["每天中午给高龄、独居老人送餐上门", "负责助餐点的送餐和分餐"]},
         items={"elderly.meal": 1},
         skills=["送餐", "烹饪"], avail=["weekday_morning", "all_week_day"], radius=(2, 6)),
    dict(key="mediator", weight=2, suffixes=["乡贤调解志愿队", "老娘舅调解队"],
         intros=["由退休教师、老干部等乡贤组成", "村里有威望的老人组成"],
         offers={"legal.dispute": ["调解邻里纠纷、宅基地矛盾", "化解家庭和邻里之间的矛盾"],
                 "family.mediation": ["也调解赡养、婆媳这类家庭矛盾"]},
         items={"legal.dispute": 3, "family.mediation": 1},
         skills=["调解", "政策解读"], avail=["none", "all_week_day"], radius=(2, 10)),
    dict(key="disability", weight=2, suffixes=["助残志愿服务队", "阳光助残志愿队"],
         intros=["由残疾人亲属和爱心人士组成", "县残联指导的"],
         offers={"disability.rehab": ["陪残疾人做康复锻炼"], "disability.disabled-children": ["周末陪伴残疾儿童，给家长喘息时间"],
                 "assistance.dibao-help": ["帮残疾人申请补贴"]},
         items={"disability.rehab": 2, "disability.disabled-children": 2, "assistance.dibao-help": 1},
         skills=["手语", "陪伴", "康复训练"], avail=["weekend"], radius=(5, 15)),
    dict(key="arts", weight=2, suffixes=["文艺志愿服务队", "夕阳红艺术团"],
         intros=["一群爱唱爱跳的退休人员", "经常下村演出"],
         offers={"culture.sports-arts": ["教广场舞、排练节目", "组织文艺汇演"], "culture.festivals": ["节日慰问演出"]},
         items={"culture.sports-arts": 3, "culture.festivals": 2},
         skills=["广场舞", "唱歌", "黄梅戏", "主持"], avail=["weekday_evening", "weekday_morning"], radius=(3, 12)),
    dict(key="green", weight=2, suffixes=["环保志愿服务队", "河小青志愿队"],
         intros=["护河爱水的志愿者", "学生和家长组成"],
         offers={"governance.environment": ["巡河捡垃圾、宣传垃圾分类", "清理河塘沟渠"]},
         items={"governance.environment": 1},
         skills=["垃圾分类宣传", "巡河"], avail=["weekend"], radius=(3, 12)),
]

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜汪范金石夏方邹熊秦江陶钱戴孔汤")
GIVEN = ["秀英", "桂兰", "建国", "志强", "海燕", "丽华", "国庆", "红梅", "文华", "晓东", "春生", "玉梅", "德明", "永红", "美玲",
         "思雨", "浩然", "一鸣", "雨轩", "俊杰", "建华", "卫东", "金凤", "小芳", "亚军", "庆华", "长林", "月娥", "明辉", "翠兰",
         "家宝", "大伟", "宏伟", "丽娟", "静", "敏", "磊", "勇", "婷婷", "伟", "芳", "军", "娟", "超", "霞", "凤英", "加林",
         "守志", "兰英", "荣华", "士林", "德胜", "有才", "梦婷", "子轩", "欣怡", "佳慧", "新民", "宗兵", "克勤", "学文", "素琴"]


def person_name(rng, used):
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in used:
            used.add(name)
            return name


def weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def pick_items(rng, weights, k):
    chosen = []
    while len(chosen) < min(k, len(weights)):
        item = weighted(rng, weights)
        if item not in chosen:
            chosen.append(item)
    return chosen


def record(rng, kind, quality):
    """Track record. quality: new, normal, good, poor."""
    if quality == "new":
        return dict(accepted=0, completed=0, ratingCount=0, ratingSum=0, currentLoad=0, recentProposals=rng.choice([0, 0, 1]))
    scale = {"Volunteer": (2, 30), "Organisation": (10, 150), "Fund": (3, 60), "MicroGrant": (2, 40)}[kind]
    accepted = rng.randint(*scale)
    if quality == "poor":
        completed = round(accepted * rng.uniform(0.35, 0.65))
        avg = rng.uniform(2.0, 3.2)
    elif quality == "good":
        completed = round(accepted * rng.uniform(0.9, 1.0))
        avg = rng.uniform(4.5, 5.0)
    else:
        completed = round(accepted * rng.uniform(0.75, 0.95))
        avg = rng.uniform(3.6, 4.7)
    ratings = round(completed * rng.uniform(0.5, 0.9))
    rating_sum = min(ratings * 5, max(ratings, round(ratings * avg)))
    return dict(accepted=accepted, completed=completed, ratingCount=ratings, ratingSum=rating_sum,
                currentLoad=0, recentProposals=rng.randint(0, 4))


def quality(rng):
    return rng.choices(["new", "normal", "good", "poor"], [15, 50, 25, 10])[0]


def background(rng, valid_prob, expired_prob):
    r = rng.random()
    if r < valid_prob:
        return rng.choice(["2025-06-30", "2025-09-30", "2025-12-31", "2026-03-31", "2026-08-31", "2027-01-31"])
    if r < valid_prob + expired_prob:
        return rng.choice(["2024-06-30", "2024-12-31", "2025-02-28", "2023-10-31"])
    return None


def home_village(rng, street_weight=1.6):
    weights = [street_weight if v["code"][6:9] in ("001", "002", "003") else 1.0 for v in VILLAGES]
    return rng.choices(VILLAGES, weights)[0]


def volunteer_capacity(rng, tasks, rec):
    """Free task places and current load: most have one or two free, some are full, some overloaded."""
    max_tasks = rng.randint(*tasks)
    r = rng.random()
    if r < 0.08:
        load = max_tasks                     # full: fails the capacity rule
    elif r < 0.18 and max_tasks >= 2:
        load = max_tasks - 1                 # busy: one place left
        rec["recentProposals"] = rng.randint(6, 12)
    else:
        load = rng.randint(0, max(0, max_tasks - 1)) if rec["accepted"] else 0
    rec["currentLoad"] = load
    return max_tasks - load


def compose(parts):
    text = ""
    for p in parts:
        if not p:
            continue
        p = p.rstrip("。")
        text += p + ("。" if not p.endswith(("！", "？")) else "")
    return text


def serves(codes, item):
    return item in codes or item.split(".")[0] in codes


def choose_items(rng, weights, k, force):
    items = pick_items(rng, weights, k)
    if force and force not in items:
        items[0] = force
    return items


def make_individual(rng, p, v, used, next_id, force=None):
    town = TOWNSHIP_NAME[v["township"]]
    items = choose_items(rng, p["items"], rng.choices([1, 2, 3], [45, 40, 15])[0], force)
    codes = [p["area"]] if rng.random() < p["area_prob"] else list(items)
    if force and not serves(codes, force):
        codes = list(items)
    slots_, phrase = availability(rng, rng.choice(p["avail"]))
    identity = rng.choice(p["identities"])
    own = []
    if isinstance(identity, tuple):
        identity, own = identity
    identity = identity.format(town=town, village=v["name"])
    offers = "，".join(rng.choice(p["offers"][i]) for i in items)
    pool = [k for k in p["skills"] if k not in p.get("exclusive", ())]
    skills = own + [k for k in rng.sample(pool, rng.randint(1, min(3, len(pool)))) if k not in own]
    bg = background(rng, *p["bg"])
    extras = ["", "", "", "有一辆电动车，附近都能去", "希望能帮到身边需要的人"]
    if any(i.startswith("elderly") for i in items):
        extras.append("说本地话，和老人好沟通")
    extra = rng.choice(extras)
    if bg and bg >= "2025-03-10" and rng.random() < 0.5:
        extra = "已开具无犯罪记录证明"
    desc = compose([identity, offers, phrase, extra])
    rec = record(rng, "Volunteer", quality(rng))
    cap = volunteer_capacity(rng, p["tasks"], rec)
    point = offset((v["lat"], v["lon"]), rng.uniform(0, 0.6), rng.uniform(0, 360))
    return dict(kind="Volunteer", id=next_id(), name=person_name(rng, used), active=rng.random() > 0.06,
                serviceCodes=codes, home=v["code"], lat=point[0], lon=point[1],
                radiusKm=float(rng.randint(*p["radius"])), capacityLeft=cap, availability=slots_,
                skills=skills, backgroundCheckValidUntil=bg, description=desc, record=rec, persona=p["key"])


def make_team(rng, t, v, team_names, next_id, force=None):
    for _ in range(50):
        place = v["name"] if rng.random() < 0.7 else TOWNSHIP_NAME[v["township"]]
        name = place + rng.choice(t["suffixes"])
        if name not in team_names:
            break
    else:
        name = v["name"] + rng.choice(["二组", "东片", "西片"]) + rng.choice(t["suffixes"])
    team_names.add(name)
    items = choose_items(rng, t["items"], rng.choices([1, 2, 3], [30, 45, 25])[0], force)
    codes = list(items)
    slots_, phrase = availability(rng, rng.choice(t["avail"]))
    members = rng.randint(8, 60)
    offers = "，".join(rng.choice(t["offers"][i]) for i in items)
    desc = compose([f"{rng.choice(t['intros'])}，现有队员{members}人", offers, phrase])
    skills = rng.sample(t["skills"], rng.randint(1, min(3, len(t["skills"]))))
    q = quality(rng)
    rec = record(rng, "Volunteer", q)
    if q != "new":
        rec["accepted"] += rng.randint(5, 30)
        rec["completed"] = round(rec["accepted"] * rng.uniform(0.7, 0.98))
        rec["ratingCount"] = round(rec["completed"] * 0.7)
        rec["ratingSum"] = round(rec["ratingCount"] * (rng.uniform(2.2, 3.2) if q == "poor" else rng.uniform(3.8, 4.9)))
    cap = volunteer_capacity(rng, (2, 6), rec)
    bg = background(rng, 0.5, 0.15) if any(c.startswith("children") for c in codes) else background(rng, 0.2, 0.1)
    return dict(kind="Volunteer", id=next_id(), name=name, active=rng.random() > 0.05,
                serviceCodes=codes, home=v["code"], lat=v["lat"], lon=v["lon"],
                radiusKm=float(rng.randint(*t["radius"])), capacityLeft=cap, availability=slots_,
                skills=skills, backgroundCheckValidUntil=bg, description=desc, record=rec, persona="team-" + t["key"])


def gen_volunteers(rng, n_individual, n_team, next_id, used, team_names):
    out = []
    pw = {p["key"]: p["weight"] for p in PERSONAS}
    by_key = {p["key"]: p for p in PERSONAS}
    for _ in range(n_individual):
        out.append(make_individual(rng, by_key[weighted(rng, pw)], home_village(rng), used, next_id))
    tw = {t["key"]: t["weight"] for t in TEAMS}
    tby = {t["key"]: t for t in TEAMS}
    for _ in range(n_team):
        out.append(make_team(rng, tby[weighted(rng, tw)], home_village(rng, 1.0), team_names, next_id))
    return out


# ---------------------------------------------------------------- social organisations
STEMS = ["仁爱", "阳光", "同心", "春晖", "益邻", "善行", "和美", "康乐", "安心", "暖阳", "惠民", "启明", "向日葵", "乐龄",
         "金秋", "睦邻", "众爱", "博爱", "明德", "晨曦", "心桥", "蒲公英", "绿叶", "红烛", "携手", "守望", "常青", "福寿",
         "百合", "海棠", "凌云", "清源", "鸿雁", "星火", "桃李", "至善", "汇爱", "朝阳", "益心", "德馨", "乐群", "久久"]

# Each organisation type: name patterns and variants (service codes, texts that fit exactly those codes).
ORG_TYPES = [
    dict(key="general", weight=10, names=["郎溪县{s}社会工作服务中心", "{town}{s}社工服务社", "郎溪县{s}社会工作发展中心"],
         variants=[
             (["elderly", "children"], ["专业社工机构，承接{town}社工站运营，开展老人、儿童的入户走访、个案帮扶和小组活动", "为困难老人和困境、留守儿童提供个案管理、探访和资源链接"]),
             (["elderly", "assistance"], ["扎根乡镇社工站，主要做困难老人和低保家庭的入户走访、政策帮办与个案跟进"]),
             (["children", "emotional"], ["以困境儿童和青少年为重点，提供个案辅导、心理支持和成长小组"]),
             (["assistance", "emotional", "family"], ["为困难家庭提供救助帮办、心理疏导和家庭关系辅导"]),
             (["elderly", "children", "disability"], ["综合性社工机构，服务困难老人、困境儿童和残疾人，做个案、小组和社区活动"]),
             (["elderly.visit", "children.in-difficulty", "assistance.dibao-help"], ["社工站驻站团队，负责独居老人探访、困境儿童个案和低保申请帮办"]),
         ]),
    dict(key="homecare", weight=10, names=["{town}{s}居家养老服务中心", "郎溪县{s}养老服务中心", "{town}{s}为老服务社"],
         variants=[
             (["elderly"], ["承接政府购买居家养老服务，为高龄、独居、失能老人提供助餐、助洁、助浴、探访等上门服务"]),
             (["elderly.meal", "elderly.bath-clean", "elderly.visit"], ["为居家老人提供送餐、打扫卫生和定期探访", "有专职护理员，上门做清洁、送餐和看望"]),
             (["elderly.daycare", "elderly.meal"], ["运营镇级养老服务中心，白天照料老人，提供午餐"]),
             (["elderly.bath-clean", "elderly.visit"], ["护理员上门为失能老人洗浴、清洁，定期回访", "专做居家助浴、助洁，有移动助浴设备"]),
             (["elderly.meal"], ["运营老年食堂，提供午餐和送餐上门"]),
             (["elderly.visit", "elderly.escort-medical"], ["为空巢老人提供定期探访和陪诊服务"]),
         ]),
    dict(key="canteen", weight=5, names=["{village}长者食堂", "{town}{s}老年助餐服务社", "{village}幸福食堂"], village=True,
         variants=[(["elderly.meal"], ["村里的长者食堂，每天中午供应两荤两素，八十岁以上老人优惠，行动不便的可以送餐到家",
                                       "老年助餐点，集中用餐和上门送餐都做，饭菜少油少盐", "为辖区老人提供午餐，助餐和送餐统一安排"])]),
    dict(key="daycare", weight=4, names=["{village}老年人日间照料中心", "{town}{s}颐养中心"], village=True,
         variants=[(["elderly.daycare"], ["白天托管老人，有午休床位、康复器材和文娱活动，可以接送"]),
                   (["elderly.daycare", "elderly.meal"], ["提供日间照料和午餐，适合子女白天上班的家庭", "白天托老，中午供餐，也给附近老人送饭"]),
                   (["elderly.daycare", "elderly.bath-clean"], ["日间照料中心，配有助浴间，可为老人洗澡、理发"])]),
    dict(key="retrofit", weight=3, names=["郎溪县{s}适老化服务社", "郎溪县{s}无障碍服务中心"],
         variants=[(["elderly.retrofit", "disability.assistive-devices"], ["为老人和残疾人家庭做适老化、无障碍改造和辅具适配评估"]),
                   (["elderly.retrofit"], ["专门做适老化改造评估和施工，安装扶手、防滑地面、坐便椅，费用可对接基金"])]),
    dict(key="disability", weight=5, names=["郎溪县{s}残疾人康复服务中心", "郎溪县{s}助残服务社", "{town}{s}康复站"],
         variants=[(["disability"], ["残联定点康复机构，提供肢体、言语康复训练、辅具适配和残疾儿童康复"]),
                   (["disability.rehab", "disability.disabled-children"], ["为残疾人和残疾儿童提供康复训练，开展家长培训"]),
                   (["disability.rehab"], ["康复师上门为残疾人做康复评估和训练"]),
                   (["disability.assistive-devices", "disability.rehab"], ["为肢体残疾人适配轮椅、假肢、助行器，并指导使用训练"])]),
    dict(key="children", weight=7, names=["郎溪县{s}儿童关爱服务中心", "{town}{s}青少年事务社", "郎溪县{s}儿童之家"],
         variants=[(["children"], ["运营村级儿童之家，开展四点半课堂、假期课堂、安全教育和困境儿童个案"]),
                   (["children.after-school", "children.holiday-class"], ["组织大学生志愿者为留守儿童提供课后辅导和假期兴趣课程"]),
                   (["children.in-difficulty", "children.safety-education"], ["为困境儿童提供个案帮扶和监护评估，进校开展儿童保护教育"]),
                   (["children.after-school"], ["在村部开设四点半课堂，工作日下午辅导作业"]),
                   (["children", "family.parenting"], ["儿童服务与家庭教育并重，办儿童之家，也开家长课堂"])]),
    dict(key="psych", weight=4, names=["郎溪县{s}心理咨询服务中心", "郎溪县{s}心理健康服务社"],
         variants=[(["emotional"], ["有心理咨询师团队，提供个体心理疏导、危机干预，也做精神障碍患者社区康复"]),
                   (["emotional.counselling", "family.parenting"], ["提供一对一心理咨询、亲子沟通和青少年心理辅导"]),
                   (["emotional.mental-rehab"], ["为精神障碍患者及家属提供社区康复、职业康复和家属支持小组"]),
                   (["emotional", "children.in-difficulty"], ["面向困境儿童和青少年开展心理评估、个别辅导"])]),
    dict(key="family", weight=4, names=["郎溪县{s}婚姻家庭服务中心", "{town}{s}人民调解协会", "郎溪县{s}家庭教育指导中心"],
         variants=[(["family"], ["调解婚姻、赡养纠纷，开设家长课堂，做家庭教育指导"]),
                   (["family.mediation", "legal.dispute"], ["由退休法官、老支书组成，调解赡养、婚姻和邻里矛盾"]),
                   (["family.parenting"], ["开设家长学校，做家庭教育指导和亲子活动"]),
                   (["family.mediation"], ["专做婚姻、赡养、抚养纠纷的家庭调解，有持证调解员"])]),
    dict(key="legal", weight=3, names=["郎溪县{s}法律服务所", "郎溪县{s}公益法律服务中心"],
         variants=[(["legal"], ["为困难群众提供免费法律咨询、代写文书，协助申请法律援助，也做纠纷调解和普法"]),
                   (["legal.aid", "legal.publicity"], ["承接村法律顾问，提供法律咨询和普法宣传"]),
                   (["legal.aid"], ["为农民工讨薪、工伤、交通事故等案件提供法律援助"])]),
    dict(key="governance", weight=5, names=["{town}{s}社区发展中心", "郎溪县{s}社区治理服务中心", "{town}{s}邻里服务社"],
         variants=[(["governance"], ["协助社区开展居民议事、无物业小区自治、楼道整治和环境整治"]),
                   (["governance.deliberation", "governance.no-property-management"], ["做老旧小区治理，协助成立自管小组、组织居民议事会"]),
                   (["governance.stairwell-safety", "governance.falling-objects", "governance.pets"], ["组建楼栋长队伍，开展楼道整治、文明养宠和高空抛物宣传"]),
                   (["governance.environment"], ["开展人居环境整治和垃圾分类督导"]),
                   (["governance.group-rental", "governance.stairwell-safety"], ["协助排查群租房和楼道消防隐患"])]),
    dict(key="culture", weight=3, names=["郎溪县{s}文化艺术协会", "{town}{s}文体协会"],
         variants=[(["culture"], ["组织文艺演出、广场舞培训、节庆活动和公益集市"]),
                   (["culture.sports-arts", "culture.festivals"], ["组织文艺演出和节日活动，培训村里的文艺骨干"]),
                   (["culture.charity-market", "culture.festivals"], ["承办邻里节、公益集市等社区活动"])]),
    dict(key="rescue", weight=3, names=["郎溪县{s}应急救援协会", "郎溪县{s}救援队"],
         variants=[(["emergency"], ["民间专业救援力量，有冲锋舟、橡皮艇，参与防汛抢险、水域救援和消防宣传"]),
                   (["emergency.flood", "emergency.fire-safety"], ["开展防汛巡查、应急转移和消防安全宣传"])]),
    dict(key="employment", weight=3, names=["郎溪县{s}职业技能培训学校", "郎溪县{s}就业服务中心"],
         variants=[(["employment"], ["开展家政、育婴、电商等技能培训，培训后推荐就业"]),
                   (["employment.skills-training"], ["开设电商直播、手工编织、家政服务培训班"]),
                   (["employment.job-help", "employment.skills-training"], ["为失业人员、残疾人提供就业指导、技能培训和岗位推荐"])]),
    dict(key="health", weight=3, names=["郎溪县{s}健康服务协会", "{town}{s}医养服务社"],
         variants=[(["health.clinic", "elderly.escort-medical"], ["组织医生下乡义诊，也为老人提供陪诊和用药指导"]),
                   (["health.clinic"], ["组织医生下乡义诊、慢病管理和健康讲座"])]),
    dict(key="incubator", weight=3, names=["郎溪县{s}公益发展中心", "郎溪县社会组织{s}孵化基地"],
         variants=[(["incubation"], ["为新成立的社区社会组织提供场地、督导和能力建设，辅导公益创投申报"]),
                   (["incubation", "charity"], ["孵化社区社会组织，协助村社设立社区公益基金、对接爱心企业"]),
                   (["incubation.grant-coaching", "incubation.community-org"], ["辅导社区社会组织设计项目、申报公益创投"]),
                   (["charity.community-fund", "charity.resource-map"], ["协助村社设立社区公益基金、整理社区资源清单"])]),
    dict(key="charity", weight=3, names=["{town}慈善协会", "郎溪县{s}爱心协会"],
         variants=[(["assistance.material", "charity.corporate-link"], ["对接爱心企业捐款捐物，给困难家庭发放米面油和衣被"]),
                   (["assistance"], ["常年开展爱心助困，协助困难群众申请救助，发放慰问物资"]),
                   (["assistance.material", "assistance.temporary"], ["为急难家庭提供物资和临时帮扶"])]),
]

def variant_for(rng, t, force):
    options = [v for v in t["variants"] if not force or serves(v[0], force)]
    return rng.choice(options)


def make_org(rng, t, town_code, used_names, next_id, force=None, village=None, cover=None):
    town = TOWNSHIP_NAME[town_code]
    centre = next(c for code, _, c, _ in TOWNSHIPS if code == town_code)
    village = village or rng.choice(villages_of(town_code))
    for _ in range(100):
        name = rng.choice(t["names"]).format(s=rng.choice(STEMS), town=town, village=village["name"])
        if name not in used_names:
            break
    used_names.add(name)
    codes, texts = variant_for(rng, t, force)
    # Service area: village-based ones their township; county-level ones often the county; others 1-2 townships.
    if t.get("village"):
        area, home, point = [town_code], village["code"], (village["lat"], village["lon"])
    elif name.startswith("郎溪县") and rng.random() < 0.6:
        area, home, point = [COUNTY], town_code, centre
    else:
        area, home, point = [town_code], town_code, centre
        if cover and cover != town_code:
            area.append(cover)
        elif rng.random() < 0.4:
            area.append(rng.choice([t_[0] for t_ in TOWNSHIPS if t_[0] != town_code]))
    area_cn = "全县" if area == [COUNTY] else "、".join(TOWNSHIP_NAME[a] for a in area)
    professional = t["key"] in ("general", "children", "psych", "family", "disability", "homecare", "incubator")
    staff = rng.randint(2, 12) if professional else rng.randint(0, 2)
    year = rng.randint(2014, 2024)
    q = quality(rng)
    if year >= 2024 and rng.random() < 0.6:
        q = "new"
    extras = [""]
    if q == "new":
        extras = ["", "刚开始承接项目，经验还在积累"]
    else:
        extras += ["有注册志愿者八十余人", f"是{town}社工站的合作机构"]
        if year <= 2021:
            extras.append("连续三年承接县民政局购买服务项目")
        if year <= 2020 and q != "poor":
            extras += ["获评3A级社会组织", "获评4A级社会组织"]
    extra = rng.choice(extras)
    if q != "new" and year >= 2023:
        year -= 5   # an organisation with a track record was not registered last year
    desc = compose([f"{year}年在县民政局登记成立", rng.choice(texts).format(town=town),
                    f"持证社工{staff}名" if staff else "没有持证社工，以兼职人员为主", extra, f"服务范围：{area_cn}"])
    rec = record(rng, "Organisation", q)
    monthly = rng.choice([5, 8, 10, 15, 20, 30, 40])
    r = rng.random()
    if r < 0.08:
        left = 0
    elif r < 0.18:
        left = 1
        rec["recentProposals"] = rng.randint(8, 20)
    else:
        left = rng.randint(2, monthly)
    rec["currentLoad"] = monthly - left if q != "new" else 0
    return dict(kind="Organisation", id=next_id(), name=name, active=rng.random() > 0.06, serviceCodes=list(codes),
                home=home, lat=point[0], lon=point[1], serviceArea=area, capacityLeft=left,
                description=desc, record=rec, persona="org-" + t["key"])


def gen_organisations(rng, n, next_id, used_names):
    tw = {t["key"]: t["weight"] for t in ORG_TYPES}
    tby = {t["key"]: t for t in ORG_TYPES}
    return [make_org(rng, tby[weighted(rng, tw)], rng.choice(TOWNSHIPS)[0], used_names, next_id) for _ in range(n)]


# ---------------------------------------------------------------- charitable funds
GROUP_CN = {"OrdinaryResident": "普通居民", "ExtremePoverty": "特困供养人员", "SubsistenceAllowance": "低保对象",
            "ElderlyLivingAlone": "独居困难老人", "ChildInDifficulty": "困境儿童", "LeftBehindChild": "留守儿童",
            "PersonWithDisability": "残疾人"}

FUND_TYPES = [
    dict(key="illness", weight=5, names=["郎溪县{s}大病救助基金", "{town}{s}医疗救助专项基金", "郎溪县慈善会{s}大病帮扶基金"],
         variants=[(["assistance.serious-illness"], ["资助患重特大疾病的困难群众，医保报销后自付部分给予补助", "用于白血病、尿毒症、恶性肿瘤等大病患者的医疗费用救助"]),
                   (["assistance.serious-illness", "assistance.temporary"], ["大病救助为主，兼顾因病致贫家庭的临时生活救助"])],
         groups=[["SubsistenceAllowance", "ExtremePoverty"], [], ["SubsistenceAllowance", "ExtremePoverty", "PersonWithDisability"], ["ChildInDifficulty", "SubsistenceAllowance"]],
         max=(5000, 30000), budget=(20000, 300000)),
    dict(key="temporary", weight=5, names=["{town}社区公益基金", "{town}{s}爱心基金", "{village}村级互助基金"],
         variants=[(["assistance.temporary"], ["由乡贤和本地企业捐赠设立，用于本地遭遇火灾、车祸、突发疾病等急难家庭的临时救助"]),
                   (["assistance.temporary", "assistance.material"], ["急难救助和困难群众物资慰问"]),
                   (["assistance"], ["社区公益基金，用于困难群众的临时救助、大病帮扶和物资慰问"]),
                   (["assistance.temporary", "emergency.flood"], ["急难救助基金，火灾、洪涝等突发灾害后优先使用"])],
         groups=[[], ["SubsistenceAllowance", "ExtremePoverty", "OrdinaryResident"], ["SubsistenceAllowance", "ExtremePoverty"]],
         max=(1000, 8000), budget=(5000, 80000)),
    dict(key="study", weight=5, names=["郎溪县{s}助学基金", "{town}{s}奖助学金", "宣城市{s}教育基金会郎溪助学项目"],
         variants=[(["children.study-aid"], ["资助困难家庭中小学生和大学新生的学费、住宿费和生活费", "一对一资助困境儿童完成学业，每学期发放", "爱心企业出资，资助品学兼优的困难学生"]),
                   (["children.study-aid", "children.in-difficulty"], ["资助困境儿童上学，也补助他们的基本生活"])],
         groups=[["ChildInDifficulty", "LeftBehindChild", "SubsistenceAllowance"], ["ChildInDifficulty", "SubsistenceAllowance", "ExtremePoverty"], ["ChildInDifficulty"], []],
         max=(1000, 6000), budget=(10000, 150000)),
    dict(key="retrofit", weight=4, names=["郎溪县{s}适老化改造基金", "{town}{s}助老助残基金"],
         variants=[(["elderly.retrofit"], ["为困难老人家庭的适老化改造提供资金，安装扶手、防滑地面等"]),
                   (["elderly.retrofit", "disability.assistive-devices"], ["为困难老人、残疾人家庭的适老化改造和辅具购置提供资金"]),
                   (["disability.assistive-devices"], ["资助轮椅、助行器、助听器等辅具的购置和适配"])],
         groups=[["ElderlyLivingAlone", "ExtremePoverty", "SubsistenceAllowance", "PersonWithDisability"], ["PersonWithDisability"], ["ElderlyLivingAlone", "PersonWithDisability"], []],
         max=(1500, 10000), budget=(10000, 200000)),
    dict(key="children", weight=3, names=["郎溪县{s}儿童关爱基金", "{town}{s}护苗基金"],
         variants=[(["children.in-difficulty"], ["为困境儿童、留守儿童提供生活补助和关爱服务经费"]),
                   (["children.in-difficulty", "children.study-aid"], ["资助困境儿童的生活和学习"]),
                   (["children"], ["用于困境、留守儿童的生活补助、助学和关爱活动"])],
         groups=[["ChildInDifficulty", "LeftBehindChild"], ["ChildInDifficulty"]],
         max=(1000, 5000), budget=(10000, 100000)),
    dict(key="material", weight=3, names=["郎溪县{s}爱心企业联盟基金", "{town}商会{s}爱心基金"],
         variants=[(["charity.corporate-link", "assistance.material"], ["本地企业捐资，认领困难群众微心愿，购置米面油、衣被"]),
                   (["assistance.material"], ["为困难家庭购置生活用品和学习用品"]),
                   (["assistance.material", "emergency.flood"], ["为困难家庭和受灾群众提供生活物资"])],
         groups=[[], ["SubsistenceAllowance", "ExtremePoverty", "ElderlyLivingAlone"]],
         max=(500, 5000), budget=(5000, 100000)),
    dict(key="disaster", weight=2, names=["郎溪县{s}防灾减灾救助基金"],
         variants=[(["emergency.flood"], ["用于汛期受灾群众的过渡安置和灾后房屋修缮补助"]),
                   (["emergency", "assistance.temporary"], ["资助受洪涝、火灾等灾害影响的家庭"])],
         groups=[[]], max=(2000, 10000), budget=(20000, 200000)),
    dict(key="elderly", weight=2, names=["{town}{s}敬老基金"],
         variants=[(["elderly"], ["乡贤捐资设立，用于困难老人助餐补贴、适老化改造和节日慰问"]),
                   (["elderly.meal", "elderly.retrofit"], ["补贴独居困难老人的用餐费用和居家适老化改造"])],
         groups=[["ElderlyLivingAlone", "ExtremePoverty"], []], max=(500, 5000), budget=(5000, 60000)),
]


def make_fund(rng, t, town_code, used_names, next_id, force=None, county=False):
    town = TOWNSHIP_NAME[town_code]
    village = rng.choice(villages_of(town_code))
    names = [n for n in t["names"] if n.startswith(("郎溪县", "宣城市"))] if county else t["names"]
    for _ in range(100):
        name = rng.choice(names or t["names"]).format(s=rng.choice(STEMS), town=town, village=village["name"])
        if name not in used_names:
            break
    used_names.add(name)
    if "村级" in name:
        scope, home = [village["code"]], village["code"]
    elif name.startswith(("郎溪县", "宣城市")):
        scope, home = [COUNTY], COUNTY
    else:
        scope, home = [town_code], town_code
    codes, texts = variant_for(rng, t, force)
    groups = list(rng.choice(t["groups"]))
    max_grant = rng.randrange(t["max"][0], t["max"][1] + 1, 500)
    if rng.random() < 0.12:
        budget = rng.randrange(0, max_grant // 2 + 1, 100)   # nearly used up
    else:
        budget = rng.randrange(max(max_grant, t["budget"][0]), t["budget"][1] + 1, 1000)
    scope_cn = "全县" if scope == [COUNTY] else full_name(scope[0])
    who = "、".join(GROUP_CN[g] for g in groups) if groups else "辖区困难群众"
    desc = compose([rng.choice(texts), f"资助对象：{who}", f"适用范围：{scope_cn}", f"单笔资助一般不超过{max_grant}元"])
    q = quality(rng)
    rec = record(rng, "Fund", q)
    rec["currentLoad"] = rng.randint(0, 6) if q != "new" else 0
    return dict(kind="Fund", id=next_id(), name=name, active=rng.random() > 0.07, serviceCodes=list(codes),
                home=home, serviceArea=scope, remainingBudgetYuan=budget, maxPerGrantYuan=max_grant,
                eligibleGroups=groups, description=desc, record=rec, persona="fund-" + t["key"])


def gen_funds(rng, n, next_id, used_names):
    tw = {t["key"]: t["weight"] for t in FUND_TYPES}
    tby = {t["key"]: t for t in FUND_TYPES}
    return [make_fund(rng, tby[weighted(rng, tw)], rng.choice(TOWNSHIPS)[0], used_names, next_id) for _ in range(n)]


# ---------------------------------------------------------------- micro-grant projects
MICRO_TYPES = [
    dict(key="holiday", weight=6, titles=["“快乐暑假”留守儿童假期课堂", "“童心港湾”周末兴趣课堂", "“书香童年”假期阅读营", "乡村少年宫兴趣班"],
         variants=[(["children.holiday-class"], ["在村儿童之家开设书法、美术、阅读和体育课程，招募大学生志愿者授课", "周末和假期为留守儿童开设兴趣课，配有专职辅导员"]),
                   (["children.holiday-class", "children.after-school"], ["假期开兴趣课，平时开四点半课堂辅导作业"])],
         groups=[["LeftBehindChild", "ChildInDifficulty"], ["LeftBehindChild"], []]),
    dict(key="afterschool", weight=4, titles=["“四点半课堂”课后托管", "“放学后”留守儿童陪伴计划"],
         variants=[(["children.after-school"], ["工作日放学后在村部为孩子提供作业辅导和看护", "每周一至周五下午开放，志愿者辅导作业"])],
         groups=[["LeftBehindChild", "ChildInDifficulty"], ["LeftBehindChild"]]),
    dict(key="festival", weight=4, titles=["“邻里守望”邻里节", "传统节日进万家", "“我们的节日”社区文化活动"],
         variants=[(["culture.festivals"], ["以传统节日为主线组织邻里活动，端午包粽、重阳敬老、春节写春联"]),
                   (["culture.festivals", "culture.sports-arts"], ["组织居民文艺汇演、广场舞比赛和节日邻里聚餐"])],
         groups=[[]]),
    dict(key="property", weight=3, titles=["无物业小区“居民自治”试点", "老旧小区“楼栋管家”项目"],
         variants=[(["governance.no-property-management"], ["帮助无物业老旧小区成立自管小组、建立议事规则和公共收益管理"]),
                   (["governance.no-property-management", "governance.deliberation"], ["培育楼栋长，组织居民议事，协助老旧小区自治管理"])],
         groups=[[]]),
    dict(key="skills", weight=4, titles=["“巧手妈妈”技能培训", "困难群众电商直播培训", "家政服务员培训"],
         variants=[(["employment.skills-training"], ["为困难家庭妇女提供手工编织、电商直播培训，对接订单"]),
                   (["employment.skills-training", "employment.job-help"], ["开展家政、育婴员培训，结业后推荐就业"])],
         groups=[["SubsistenceAllowance", "PersonWithDisability"], [], ["SubsistenceAllowance", "OrdinaryResident"]]),
    dict(key="incubate", weight=2, titles=["社区社会组织培育计划", "村级志愿服务队孵化项目"],
         variants=[(["incubation.community-org", "incubation.volunteer-team"], ["扶持村里的文体队、志愿队登记备案，提供督导和小额活动经费"]),
                   (["incubation.community-org"], ["为新成立的社区社会组织提供督导和能力建设"])],
         groups=[[]]),
    dict(key="meal", weight=4, titles=["“爱心午餐”长者助餐", "“银发餐桌”助餐服务", "“一碗热饭”送餐上门"],
         variants=[(["elderly.meal"], ["为高龄、独居老人提供每周五天的午餐送餐上门", "依托村助餐点，为困难老人提供补贴午餐和送餐"])],
         groups=[["ElderlyLivingAlone", "ExtremePoverty"], ["ElderlyLivingAlone"], []]),
    dict(key="visit", weight=3, titles=["“银龄互助”结对探访", "“暖心敲门”独居老人关爱"],
         variants=[(["elderly.visit"], ["组织低龄老人结对探访高龄独居老人，每周至少一次"]),
                   (["elderly.visit", "emotional.counselling"], ["为独居老人建立探访档案，定期上门并提供心理陪伴"])],
         groups=[["ElderlyLivingAlone"], ["ElderlyLivingAlone", "ExtremePoverty"]]),
    dict(key="rehab", weight=2, titles=["“康复到家”残疾人居家康复", "残障儿童“喘息服务”"],
         variants=[(["disability.rehab"], ["康复师定期上门为残疾人做康复训练和家属培训"]),
                   (["disability.disabled-children"], ["为残障儿童家庭提供周末托管和康复陪伴，让照顾者喘口气"]),
                   (["disability"], ["为残疾人和残障儿童提供上门康复和家庭支持"])],
         groups=[["PersonWithDisability"]]),
    dict(key="mind", weight=2, titles=["“心灵驿站”心理关爱", "留守儿童“心理成长营”"],
         variants=[(["emotional.counselling"], ["心理咨询师驻点服务，开展一对一心理疏导和团体辅导"]),
                   (["emotional.counselling", "children.in-difficulty"], ["面向留守、困境儿童开展情绪管理小组和个别辅导"])],
         groups=[[], ["LeftBehindChild", "ChildInDifficulty"]]),
    dict(key="parent", weight=2, titles=["“家长学校”家庭教育项目", "隔代养育支持计划"],
         variants=[(["family.parenting"], ["为家长和祖辈开设家庭教育课堂，开展亲子活动", "为留守儿童的爷爷奶奶提供养育指导"])],
         groups=[[], ["LeftBehindChild"]]),
    dict(key="safety", weight=2, titles=["“护苗”儿童安全教育", "防溺水安全宣传进村"],
         variants=[(["children.safety-education"], ["进村进校开展防溺水、交通安全和防性侵教育", "暑期前在各村开展防溺水宣传，设立警示牌"])],
         groups=[[], ["LeftBehindChild"]]),
    dict(key="health", weight=2, titles=["“健康小屋”慢病管理", "送医下乡义诊项目"],
         variants=[(["health.clinic"], ["在村卫生室设立健康小屋，每月义诊和慢病随访", "组织县医院专家下乡义诊"])],
         groups=[[], ["ElderlyLivingAlone"]]),
]


def make_micro(rng, t, town_code, used_names, next_id, force=None, village=None):
    town = TOWNSHIP_NAME[town_code]
    vs = villages_of(town_code)
    at_village = village is not None or rng.random() < 0.3
    village = village or rng.choice(vs)
    for _ in range(100):
        title = rng.choice(t["titles"])
        name = f"{village['name'] if at_village else town}{title}"
        if name not in used_names:
            break
    used_names.add(name)
    if at_village:
        others = rng.sample([v for v in vs if v is not village], rng.randint(0, 2))
        scope, home = [village["code"]] + [v["code"] for v in others], village["code"]
    else:
        scope, home = [town_code], town_code
    r = rng.random()
    if r < 0.12:
        start, end = "2024-03-01", "2024-12-31"     # finished
    elif r < 0.22:
        start, end = "2025-04-01", "2025-12-31"     # not started yet
    else:
        start, end = rng.choice([("2025-01-01", "2025-12-31"), ("2024-09-01", "2025-08-31"), ("2025-03-01", "2026-02-28"), ("2024-07-01", "2025-06-30")])
    places = rng.choice([20, 30, 40, 50, 60, 100])
    left = 0 if rng.random() < 0.1 else rng.randint(1, places)
    groups = list(rng.choice(t["groups"]))
    codes, texts = variant_for(rng, t, force)
    org = f"郎溪县{rng.choice(STEMS)}社会工作服务中心"
    scope_cn = "、".join(full_name(s) for s in scope)
    who = "、".join(GROUP_CN[g] for g in groups) if groups else "不限"
    desc = compose([f"郎溪县公益创投资助项目，由{org}实施", rng.choice(texts), f"服务对象：{who}",
                    f"项目周期{start}至{end}，服务范围：{scope_cn}，计划服务{places}人"])
    q = quality(rng)
    rec = record(rng, "MicroGrant", q)
    rec["currentLoad"] = places - left if q != "new" else 0
    return dict(kind="MicroGrant", id=next_id(), name=name, active=rng.random() > 0.06, serviceCodes=list(codes),
                home=home, serviceArea=scope, capacityLeft=left, eligibleGroups=groups, activeFrom=start, activeUntil=end,
                description=desc, record=rec, persona="micro-" + t["key"])


def gen_microgrants(rng, n, next_id, used_names):
    tw = {t["key"]: t["weight"] for t in MICRO_TYPES}
    tby = {t["key"]: t for t in MICRO_TYPES}
    return [make_micro(rng, tby[weighted(rng, tw)], rng.choice(TOWNSHIPS)[0], used_names, next_id) for _ in range(n)]


# ---------------------------------------------------------------- providers placed around the needs
def neighbours(town_code):
    """Other townships, nearest first."""
    from places import TOWNSHIP_CENTRE, distance_km
    c = TOWNSHIP_CENTRE[town_code]
    return sorted((t for t in TOWNSHIP_CENTRE if t != town_code), key=lambda t: distance_km(c, TOWNSHIP_CENTRE[t]))


def around_need(rng, need, ids, used, team_names, used_names, counts):
    """Providers a station would plausibly have near a need: people and teams whose trade fits its item,
    living in the same village, township or the next one; organisations, funds and projects that list it."""
    item, village_code = need["item"], need["village"]
    town_code = village_code[:9] + "000"
    out = []

    def home():
        r = rng.random()
        if r < 0.35:
            return next(v for v in VILLAGES if v["code"] == village_code)
        if r < 0.85:
            return rng.choice([v for v in villages_of(town_code) if v["code"] != village_code])
        return rng.choice(villages_of(rng.choice(neighbours(town_code)[:2])))

    personas = [p for p in PERSONAS if item in p["items"]]
    teams = [t for t in TEAMS if item in t["items"]]
    for _ in range(counts.get("Volunteer", 0)):
        if teams and (not personas or rng.random() < 0.25):
            out.append(make_team(rng, rng.choice(teams), home(), team_names, ids["Volunteer"], item))
        elif personas:
            out.append(make_individual(rng, rng.choice(personas), home(), used, ids["Volunteer"], item))
    orgs = [t for t in ORG_TYPES if any(serves(v[0], item) for v in t["variants"])]
    for _ in range(counts.get("Organisation", 0) if orgs else 0):
        # Mostly based in the township or serving it from the next one; a few only next door (near misses).
        r = rng.random()
        where = town_code if r < 0.55 else rng.choice(neighbours(town_code)[:3])
        out.append(make_org(rng, rng.choice(orgs), where, used_names, ids["Organisation"], item,
                            cover=town_code if r < 0.85 else None))
    funds = [t for t in FUND_TYPES if any(serves(v[0], item) for v in t["variants"])]
    for _ in range(counts.get("Fund", 0) if funds else 0):
        r = rng.random()
        where = town_code if r < 0.8 else rng.choice(neighbours(town_code)[:3])
        out.append(make_fund(rng, rng.choice(funds), where, used_names, ids["Fund"], item, county=r < 0.45))
    micros = [t for t in MICRO_TYPES if any(serves(v[0], item) for v in t["variants"])]
    for _ in range(counts.get("MicroGrant", 0) if micros else 0):
        v = next(v for v in VILLAGES if v["code"] == village_code) if rng.random() < 0.4 else None
        out.append(make_micro(rng, rng.choice(micros), town_code, used_names, ids["MicroGrant"], item, v))
    return out
