"""The points shop (积分超市): redeemable balances, shop items and redemptions.

Redeeming never lowers the ranking total (the ledger is untouched); the balance follows the
ruleset's `redemption` rule: the earned points of some buckets, for the current period only
(`reset: period_end`, 年底清零) or for every period (`reset: never`, 累计使用). A
`bar_redemption` veto (一票否决) lets points accumulate but bars the shop.
"""
