{# QuickBooks customers, current version per id (deleted rows left out). QuickBooks never deletes
   a customer with transactions: it makes it inactive, which changes nothing here. #}
with current_rows as (

    {{ connector_current_rows(source('quickbooks', 'customer')) }}

),

final as (

    select
        id as customer_id,
        display_name,
        fully_qualified_name,
        company_name,
        given_name,
        family_name,
        print_on_check_name,
        email,
        currency_id as currency,
        {{ to_boolean('active') }} as is_active,
        {{ to_timestamp('created_at') }} as created_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final
