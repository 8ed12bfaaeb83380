with source as (

    select * from {{ source('history', 'decisions') }}

),

final as (

    select
        file_order,
        decision,
        exception_id,
        bank_txn_id,
        invoice_id,
        analyst,
        customer_id,
        lower(habit) as habit,
        value,
        {{ dbt.safe_cast('amount', 'decimal(18, 3)') }} as amount,
        {{ dbt.safe_cast('decided_at', dbt.type_timestamp()) }} as decided_at
    from source

)

select * from final
