"""Food-seller risk grading (食品销售风险分级): current grades and yearly inspection plans."""
