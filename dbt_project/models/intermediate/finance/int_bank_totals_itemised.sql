{# Bank credits that are the total of payments another file lists one by one: a German bank books a
   SEPA direct-debit collection (GVC 192, 'SAMMLER') as one line of the MT940 or camt.053 and lists
   its payments in a camt.054; a US bank reports a lockbox deposit as one credit and its cheques in
   a lockbox file. Both land in bank/, and the total is no payment besides its parts. A credit is
   such a total when the credits of one other file on the same account, day and currency, two or
   more, add up to it exactly; the matcher then reads it as no customer's (reconcilers/
   non_customer.py, ITEMISED TOTAL) and applies the parts. One account is written several ways:
   the camt's IBAN (DE94500700100123456789), a German MT940's bank code and account number
   (50070010/0123456789: the IBAN's BBAN, the account padded to ten digits), bunq's IBAN and
   currency (NL10BUNQ2290325473 EUR); the account key is the BBAN. #}
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

file_days as (

    select
        account_key,
        currency,
        value_date,
        _source_file,
        count(*) as payments,
        sum(amount) as total
    from credits
    group by account_key, currency, value_date, _source_file
    having count(*) >= 2

),

itemisations as (

    select
        credits.bank_txn_id,
        file_days._source_file as itemised_in,
        file_days.payments,
        row_number() over (partition by credits.bank_txn_id order by file_days._source_file) as preference
    from credits
    inner join file_days
        on file_days.account_key = credits.account_key
        and file_days.currency = credits.currency
        and file_days.value_date = credits.value_date
        and file_days.total = credits.amount
        and file_days._source_file <> credits._source_file

),

final as (

    select bank_txn_id, itemised_in, payments
    from itemisations
    where preference = 1

)

select * from final
