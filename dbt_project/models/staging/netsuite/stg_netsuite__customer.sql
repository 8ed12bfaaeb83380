{# NetSuite customers, current version per id, deleted rows left out. A company's name is
   companyname; a person (isperson T) has none, and altname holds the name NetSuite shows. #}
with current_rows as (

    {{ connector_current_rows(source('netsuite', 'customer')) }}

),

final as (

    select
        id as customer_id,
        entityid,
        companyname,
        altname,
        nullif(trim(concat_ws(' ', firstname, lastname)), '') as full_name,
        email,
        _source_file,
        _line_number
    from current_rows

)

select * from final
