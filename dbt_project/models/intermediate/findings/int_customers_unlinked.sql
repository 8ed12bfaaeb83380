{# customer_not_in_crm: a billing customer whose crm_account_id is empty or names no CRM account.
   At risk: what has been invoiced to it (non-void), which no account owner sees. #}

with customers as (

    select * from {{ ref('stg_billing__customers') }}

),

accounts as (

    select account_id from {{ ref('stg_crm__accounts') }}

),

invoiced as (

    select customer_id, sum(total) as invoiced_total, count(*) as invoice_count
    from {{ ref('stg_billing__invoices') }}
    where status <> 'void'
    group by customer_id

),

final as (

    select
        'customer_not_in_crm' as exception_type,
        customers.customer_id as natural_key,
        {{ no_value() }} as account_id,
        customers.customer_id,
        {{ no_value() }} as contract_id,
        {{ no_value() }} as invoice_id,
        {{ no_value() }} as erp_invoice_id,
        {{ no_value() }} as transaction_id,
        {{ no_value() }} as bank_txn_id,
        {{ no_value('date') }} as period_start,
        {{ no_value('date') }} as period_end,
        coalesce(invoiced.invoiced_total, 0) as amount_at_risk,
        customers.currency,
        {{ as_of_date() }} as fx_date,
        {{ no_value() }} as severity,
        {{ dbt.concat([
            "'Billing customer '", 'customers.customer_id', "' ('", "coalesce(customers.name, 'no name')", "') '",
            "case when customers.crm_account_id is null then 'has no crm_account_id' else 'has crm_account_id ' || customers.crm_account_id || ', which is not a CRM account' end",
            "'; '", text('coalesce(invoiced.invoice_count, 0)'), "' non-void invoices totalling '",
            money_text('coalesce(invoiced.invoiced_total, 0)', 'customers.currency'), "' '", "coalesce(customers.currency, '')", "'.'"
        ]) }} as details
    from customers
    left join accounts
        on customers.crm_account_id = accounts.account_id
    left join invoiced
        on customers.customer_id = invoiced.customer_id
    where accounts.account_id is null

)

select * from final
