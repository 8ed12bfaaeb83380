with source as (

    select * from {{ source('reference', 'tax_rates') }}

),

final as (

    select
        country,
        region,
        {{ rate('rate') }} as rate,
        {{ to_boolean('software_taxable') }} as software_taxable,
        _source_file,
        _line_number
    from source

)

select * from final
