{# What settled each NetSuite invoice: one row per invoice and settling transaction, from the
   transaction line links of link type `Payment` (previousdoc the invoice, nextdoc the payment, the
   applied amount in the transaction currency in foreignamount). Settling types: CustPymt (customer
   payment), CustCred (credit memo applied), DepAppl (deposit application); the type is the
   transaction's, else the link's nexttype. A settling transaction deleted in NetSuite (in the sync,
   not live) takes its applications with it; one the sync does not hold at all keeps them, without
   a date. Vendor-side links (VendPymt to VendBill) are not applications to a customer invoice. #}
with links as (

    {{ connector_current_rows(source('netsuite', 'previoustransactionlinelink'),
                              key=['previousdoc', 'previousline', 'nextdoc', 'nextline']) }}

),

transactions as (

    select * from {{ ref('stg_netsuite__transaction') }}

),

synced_transactions as (

    select distinct id as transaction_id from {{ source('netsuite', 'transaction') }}

),

typed_links as (

    select
        links.previousdoc as invoice_id,
        links.nextdoc as settling_id,
        coalesce(settling.transaction_type, links.nexttype) as settling_type,
        coalesce(settling.transaction_date, settling.created_at, {{ to_timestamp('links.linkdate') }}) as settled_at,
        {{ money('links.foreignamount') }} as amount,
        links._source_file,
        links._line_number
    from links
    left join transactions as settling
        on links.nextdoc = settling.transaction_id
    left join synced_transactions
        on links.nextdoc = synced_transactions.transaction_id
    where links.linktype = 'Payment'
        and (settling.transaction_id is not null or synced_transactions.transaction_id is null)

),

final as (

    select
        invoice_id,
        settling_id,
        settling_type,
        min(settled_at) as settled_at,
        {{ money('sum(amount)') }} as amount,
        min(_source_file) as _source_file,
        min(_line_number) as _line_number
    from typed_links
    where settling_type in ('CustPymt', 'CustCred', 'DepAppl')
    group by invoice_id, settling_id, settling_type

)

select * from final
