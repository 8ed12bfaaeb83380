{# Every open (billing status open) past-due invoice at as_of with its dunning stage from the user-edited policy: among
   the policy rows whose day range holds the invoice's days past due, a row for the account's own
   segment wins over an any-segment row (strategic accounts escalate from 30 days), then the row
   that starts later wins. An invoice no row covers keeps a null stage and fails a test.
   payment_in_review: what bank lines the matcher suggested for the invoice, waiting for an
   analyst's review, would pay of it (with the line suggesting most): the customer may well have
   paid, so collections confirms the match before chasing. #}
with open_invoices as (

    select * from {{ ref('int_invoices_open_after_remittance') }}

),

remittance_matches as (

    select * from {{ ref('int_remittances_matched') }}

),

dunning_policy as (

    select * from {{ ref('dunning_policy') }}

),

past_due as (

    select * from open_invoices
    -- Billing's status decides whether an invoice is still dunned: one marked paid with a small
    -- residual (a bank fee, an accepted short pay) or written off stays in AR but is not chased.
    where status = 'open'
        and open_amount > 0
        and days_past_due >= 1

),

review_allocations as (

    select
        invoice_id,
        bank_txn_id,
        sum(allocated_amount) over (partition by invoice_id) as payment_in_review,
        row_number() over (
            partition by invoice_id
            order by allocated_amount desc, bank_txn_id
        ) as review_rank
    from remittance_matches
    where status = 'needs_review'
        and invoice_id is not null
        and allocated_amount > 0

),

payments_in_review as (

    select
        invoice_id,
        payment_in_review,
        bank_txn_id as payment_in_review_bank_txn_id
    from review_allocations
    where review_rank = 1

),

ranked_stages as (

    select
        past_due.invoice_id,
        dunning_policy.stage,
        dunning_policy.route_to,
        dunning_policy.severity,
        row_number() over (
            partition by past_due.invoice_id
            order by
                case when dunning_policy.segment is null then 1 else 0 end,
                dunning_policy.min_days_past_due desc
        ) as preference
    from past_due
    inner join dunning_policy
        on past_due.days_past_due >= dunning_policy.min_days_past_due
        and (dunning_policy.max_days_past_due is null
             or past_due.days_past_due <= dunning_policy.max_days_past_due)
        and (dunning_policy.segment is null or dunning_policy.segment = past_due.segment)

),

final as (

    select
        past_due.*,
        ranked_stages.stage,
        ranked_stages.route_to,
        ranked_stages.severity,
        payments_in_review.payment_in_review,
        payments_in_review.payment_in_review_bank_txn_id
    from past_due
    left join ranked_stages
        on ranked_stages.invoice_id = past_due.invoice_id
        and ranked_stages.preference = 1
    left join payments_in_review
        on payments_in_review.invoice_id = past_due.invoice_id

)

select * from final
