{# Pairs a bank line and a payout when each is the other's best candidate (by `order_by`, then
   the other side's id): a deterministic one-to-one pairing without recursion. Used twice by
   int_payouts_matched, so a line whose best payout went to a closer line gets its next best. #}
{% macro mutual_best_pairs(candidates, order_by) -%}
    select bank_txn_id, payout_id
    from (
        select
            bank_txn_id,
            payout_id,
            row_number() over (partition by bank_txn_id order by {{ order_by }}, payout_id) as line_rank,
            row_number() over (partition by payout_id order by {{ order_by }}, bank_txn_id) as payout_rank
        from {{ candidates }}
    ) as ranked
    where line_rank = 1 and payout_rank = 1
{%- endmacro %}
