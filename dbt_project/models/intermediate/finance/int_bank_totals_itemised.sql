{# Bank credits that are the total of payments another file lists one by one: a German bank books a
   SEPA direct-debit collection (GVC 192, 'SAMMLER') as one line of the MT940 or camt.053 and lists
   its payments in a camt.054; a US bank reports a lockbox deposit as one credit and its cheques in
   a lockbox file. Both land in bank/, and the total is no payment besides its parts. A credit is
   such a total when the credits of one other file on the same account, day and currency, two or
   more, add up to it exactly; the matcher then reads it as no customer's (reconcilers/
   non_customer.py, ITEMISED TOTAL) and applies the parts. One account is written several ways:
   the camt's IBAN (DE94500700100123456789), a German MT940's bank code and account number
   (50070010/0123456789: the IBAN's BBAN, the account padded to ten digits), bunq's IBAN and
   currency (NL10BUNQ2290325473 EUR); the account key is the BBAN.
   A credit equal to one credit of another file is as likely a coincidence, or two feeds of one
   account each flagging the other's copy; so a collection of one payment is its total only when
   the bank says the credit is a batch's (is_batch_total: GVC 192, camt's Btch), paired one to one
   with an equal credit of another file that is no such total. #}
{% set account = "regexp_replace(upper(trim(account_id)), ' [A-Z]{3}$', '')" %}
{% set iban_bban = "regexp_extract(" ~ alphanumeric_upper(account) ~ ", '^[A-Z]{2}[0-9]{2}([A-Z0-9]{8,30})$', 1)" %}
{% set bank_code = "regexp_extract(" ~ account ~ ", '^([0-9]{8})/([0-9]{1,10})$', 1)" %}
{% set account_number = "regexp_extract(" ~ account ~ ", '^([0-9]{8})/([0-9]{1,10})$', 2)" %}
with credits as (

    select
        *,
        case
            when {{ iban_bban }} <> '' then {{ iban_bban }}
            when {{ bank_code }} <> '' then {{ dbt.concat([bank_code, "lpad(" ~ account_number ~ ", 10, '0')"]) }}
            else {{ alphanumeric_upper(account) }}
        end as account_key
    from {{ ref('stg_bank__statement_lines') }}
    where amount > 0

),

credit_groups as (

    -- a file's credits of the day (group ''), and of each batch it lists (a camt.054 of several
    -- collections)
    select *, '' as credit_group from credits
    union all
    select *, batch_in_file as credit_group from credits where batch_in_file is not null

),

file_days as (

    select
        account_key,
        currency,
        value_date,
        _source_file,
        count(*) as payments,
        sum(amount) as total
    from credit_groups
    group by account_key, currency, value_date, _source_file, credit_group
    having count(*) >= 2

),

batch_totals as (

    select
        *,
        row_number() over (
            partition by account_key, currency, value_date, amount order by _source_file, bank_txn_id
        ) as nth_of_amount
    from credits
    where coalesce(is_batch_total, false)

),

single_payments as (

    select
        *,
        row_number() over (
            partition by account_key, currency, value_date, amount, _source_file order by bank_txn_id
        ) as nth_of_amount
    from credits
    where not coalesce(is_batch_total, false)

),

itemisations as (

    select
        credits.bank_txn_id,
        file_days._source_file as itemised_in,
        file_days.payments
    from credits
    inner join file_days
        on file_days.account_key = credits.account_key
        and file_days.currency = credits.currency
        and file_days.value_date = credits.value_date
        and file_days.total = credits.amount
        and file_days._source_file <> credits._source_file

    union all

    select
        batch_totals.bank_txn_id,
        single_payments._source_file as itemised_in,
        1 as payments
    from batch_totals
    inner join single_payments
        on single_payments.account_key = batch_totals.account_key
        and single_payments.currency = batch_totals.currency
        and single_payments.value_date = batch_totals.value_date
        and single_payments.amount = batch_totals.amount
        and single_payments.nth_of_amount = batch_totals.nth_of_amount
        and single_payments._source_file <> batch_totals._source_file

),

preferred as (

    select
        *,
        row_number() over (partition by bank_txn_id order by payments desc, itemised_in) as preference
    from itemisations

),

final as (

    select bank_txn_id, itemised_in, payments
    from preferred
    where preference = 1

)

select * from final
