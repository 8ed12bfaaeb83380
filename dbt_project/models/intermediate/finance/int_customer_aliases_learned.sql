{# Payer names the matcher treats as the customer's: those learned in earlier runs plus those of
   every confirmed match in the decisions file as it stands now (so a confirmation counts in the
   very next run), less those an analyst unlearned (int_payer_habits_learned says which). The
   findings step persists this list to history.customer_aliases, which keeps an alias after its
   bank line has left the landing folder; an unlearned alias stays there and is filtered here. #}
with learned_before as (

    select * from {{ ref('stg_history__customer_aliases') }}

),

decisions as (

    select * from {{ ref('stg_history__decisions') }}

),

bank_lines as (

    select * from {{ ref('stg_bank__statement_lines') }}

),

invoices as (

    select * from {{ ref('stg_billing__invoices') }}

),

aliases_in_use as (

    select customer_id, value as payer_name
    from {{ ref('int_payer_habits_learned') }}
    where habit = 'alias' and not is_unlearned

),

confirmed_now as (

    select
        bank_lines.payer_name,
        invoices.customer_id,
        decisions.bank_txn_id as confirmed_from_bank_txn_id,
        decisions.decided_at as confirmed_at
    from decisions
    inner join bank_lines on decisions.bank_txn_id = bank_lines.bank_txn_id
    inner join invoices on decisions.invoice_id = invoices.invoice_id
    where decisions.decision = 'confirm_match'
        and nullif(trim(bank_lines.payer_name), '') is not null

),

candidates as (

    select *, 1 as learned_order from learned_before
    union all
    select *, 2 as learned_order from confirmed_now

),

ranked as (

    select
        *,
        row_number() over (
            partition by payer_name, customer_id
            order by learned_order, confirmed_at, confirmed_from_bank_txn_id
        ) as preference
    from candidates

),

final as (

    select ranked.payer_name, ranked.customer_id, ranked.confirmed_from_bank_txn_id, ranked.confirmed_at
    from ranked
    inner join aliases_in_use
        on ranked.payer_name = aliases_in_use.payer_name
        and ranked.customer_id = aliases_in_use.customer_id
    where ranked.preference = 1

)

select * from final
