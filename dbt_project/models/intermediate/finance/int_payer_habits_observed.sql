{# What each confirmed payment shows of its customer's habits, one row per payment and habit
   value (the learning rules that count them are the learn_payer_habits macro):
     alias            the payer name of a payment an analyst confirmed; and every payer name kept
                      in history.customer_aliases (dated by its confirmation)
     reference_token  each upper-case run of 3+ letters and digits in the reference that is no part
                      of, and does not contain, an invoice or PO number of the customer (a quoted
                      number, its prefix or its year is not a habit)
     short_pay        a payment of one invoice short by less than half of it: the amount missing,
                      in the payment's currency (a bank fee, a withheld charge); paying half or less
                      is an instalment, not a habit
     lag_days         value date - the latest due date of the invoices the payment settles
   (a credit note the payment uses up, a negative open amount, is no invoice paid: its due date
   and count are left out; its amount is in what the payment settles)
   A payment is a (bank line, customer) pair: evidence from int_remittances_confirmed. #}
with evidence as (

    select * from {{ ref('int_remittances_confirmed') }}

),

aliases_kept as (

    select * from {{ ref('stg_history__customer_aliases') }}

),

invoices as (

    select * from {{ ref('stg_billing__invoices') }}

),

{# one row per (bank line, customer); a line kept by an earlier run and confirmed again now may
   carry two versions of its facts (a re-delivered file): the greatest of each is taken #}
payments as (

    select
        bank_txn_id,
        customer_id,
        max(currency) as currency,
        max(payer_name) as payer_name,
        max(reference) as reference,
        max(value_date) as value_date,
        max(line_amount) as line_amount,
        max(case when coalesce(invoice_open_amount, 0) >= 0 then due_date end) as last_due_date,
        count(case when coalesce(invoice_open_amount, 0) >= 0 then 1 end) as invoices_paid,
        sum(invoice_open_amount) as invoices_open_amount,
        max(case when evidence = 'confirmed' then 1 else 0 end) as is_confirmed
    from evidence
    group by bank_txn_id, customer_id

),

{# Spark allows no generator under DISTINCT: split first, de-duplicate after #}
reference_words_split as (

    select
        bank_txn_id,
        customer_id,
        value_date,
        {{ split_to_rows('upper(reference)', '[^A-Z0-9]+') }} as token
    from payments
    where reference is not null

),

reference_words as (

    select distinct bank_txn_id, customer_id, value_date, token
    from reference_words_split

),

document_numbers as (

    select distinct customer_id, {{ alphanumeric_upper('invoice_number') }} as document_number
    from invoices
    where invoice_number is not null
    union
    select distinct customer_id, {{ alphanumeric_upper('po_number') }} as document_number
    from invoices
    where po_number is not null

),

{# a token inside a document number of the customer, or holding one, is (part of) a quoted number #}
quoted_words as (

    select distinct reference_words.bank_txn_id, reference_words.customer_id, reference_words.token
    from reference_words
    inner join document_numbers
        on document_numbers.customer_id = reference_words.customer_id
        and document_numbers.document_number <> ''
        and (instr(document_numbers.document_number, reference_words.token) > 0
             or instr(reference_words.token, document_numbers.document_number) > 0)

),

reference_tokens as (

    select
        reference_words.customer_id,
        'reference_token' as habit,
        reference_words.token as value,
        cast(null as {{ dbt.type_string() }}) as currency,
        reference_words.bank_txn_id,
        reference_words.value_date
    from reference_words
    left join quoted_words
        on quoted_words.bank_txn_id = reference_words.bank_txn_id
        and quoted_words.customer_id = reference_words.customer_id
        and quoted_words.token = reference_words.token
    where length(reference_words.token) >= 3
        and quoted_words.token is null

),

short_pays as (

    select
        customer_id,
        'short_pay' as habit,
        cast(cast(invoices_open_amount - line_amount as decimal(18, 3)) as {{ dbt.type_string() }}) as value,
        currency,
        bank_txn_id,
        value_date
    from payments
    where invoices_paid = 1
        and line_amount < invoices_open_amount
        and (invoices_open_amount - line_amount) * 2 < invoices_open_amount

),

lags as (

    select
        customer_id,
        'lag_days' as habit,
        cast({{ dbt.datediff('last_due_date', 'value_date', 'day') }} as {{ dbt.type_string() }}) as value,
        cast(null as {{ dbt.type_string() }}) as currency,
        bank_txn_id,
        value_date
    from payments
    where value_date is not null and last_due_date is not null

),

{# a kept alias is dated by its confirmation unless its payment is still known (then by its value date) #}
payer_names_seen as (

    select customer_id, payer_name, bank_txn_id, value_date
    from payments
    where is_confirmed = 1 and nullif(trim(payer_name), '') is not null
    union all
    select customer_id, payer_name, confirmed_from_bank_txn_id as bank_txn_id, cast(confirmed_at as date) as value_date
    from aliases_kept

),

payer_names as (

    select
        customer_id,
        'alias' as habit,
        payer_name as value,
        cast(null as {{ dbt.type_string() }}) as currency,
        bank_txn_id,
        min(value_date) as value_date
    from payer_names_seen
    group by customer_id, payer_name, bank_txn_id

),

final as (

    select * from payer_names
    union all
    select * from reference_tokens
    union all
    select * from short_pays
    union all
    select * from lags

)

select * from final
