"""Function and stage over time (docs/staging.md): the ALSFRS-R at each visit, its
progression rate, and the King's and MiToS stages.

Staging describes how far the disease has gone; it is never a diagnostic category and never
changes one. A region's functional involvement (staging) is not its UMN or LMN signs
(criteria): a weak, wasted hand that still writes is LMN involvement with no functional loss.
"""
