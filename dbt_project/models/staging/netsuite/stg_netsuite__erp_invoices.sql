{# NetSuite invoices (transaction type CustInvc) as erp.invoices (stg_erp__invoices unions them).
   external_ref: the billing invoice number (stg_netsuite__transaction: the
   netsuite_invoice_number_field setting, else tranid). customer_ref: the customer's companyname,
   else altname, else entityid, else first and last name, else the entity id. posted_at: trandate,
   else createddate. currency: the ISO code of the currency row the transaction names, else the
   netsuite_home_currency setting. amount: foreigntotal, else the main line's foreignamount (0 once
   voided). status: void when NetSuite's status is V (voided) or the voided flag is set; paid when
   the status is B (Paid In Full); open when it is A (Open); without a status code NetSuite's
   (other codes: pending approval, rejected), paid when nothing is left to pay: foreignamountunpaid,
   else the main line's, else the amount less what payments and credits applied, is 0 or less. #}
with transactions as (

    select * from {{ ref('stg_netsuite__transaction') }}

),

main_lines as (

    select transaction_id, sum(amount) as amount, sum(amount_unpaid) as amount_unpaid
    from {{ ref('stg_netsuite__transactionline') }}
    where is_mainline
    group by transaction_id

),

customers as (

    select * from {{ ref('stg_netsuite__customer') }}

),

currencies as (

    select * from {{ ref('stg_netsuite__currency') }}

),

applied as (

    select invoice_id, sum(amount) as applied_amount
    from {{ ref('stg_netsuite__applications') }}
    group by invoice_id

),

invoices as (

    select
        transactions.*,
        coalesce(transactions.total_amount, main_lines.amount) as amount,
        coalesce(transactions.amount_unpaid, main_lines.amount_unpaid,
                 coalesce(transactions.total_amount, main_lines.amount) - coalesce(applied.applied_amount, 0))
            as left_to_pay
    from transactions
    left join main_lines
        on transactions.transaction_id = main_lines.transaction_id
    left join applied
        on transactions.transaction_id = applied.invoice_id
    where transactions.transaction_type = 'CustInvc'

),

final as (

    select
        invoices.transaction_id as erp_invoice_id,
        invoices.invoice_number as external_ref,
        coalesce(customers.companyname, customers.altname, customers.entityid, customers.full_name,
                 invoices.customer_id) as customer_ref,
        coalesce(invoices.transaction_date, invoices.created_at) as posted_at,
        coalesce(currencies.currency, '{{ var("netsuite_home_currency") }}') as currency,
        invoices.amount,
        case
            when invoices.status = 'V' or invoices.is_voided then 'void'
            when invoices.status = 'B' then 'paid'
            when invoices.status = 'A' then 'open'
            when invoices.left_to_pay <= 0 then 'paid'
            else 'open'
        end as status,
        invoices._source_file,
        invoices._line_number
    from invoices
    left join customers
        on invoices.customer_id = customers.customer_id
    left join currencies
        on invoices.currency_id = currencies.currency_id

)

select * from final
