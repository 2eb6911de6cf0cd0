"""The paper forms (登记卡, 台账, 公示, 汇总表, 存折, 检查记录) as xlsx and printable HTML."""
