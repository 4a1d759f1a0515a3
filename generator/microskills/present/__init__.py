"""Words for values: labels, numbers, money, languages and countries, and the one presenter of
credential facts. Plain text, no markup: the site, Compare and the exports' text all use it."""
