{# Every extract row that broke the contract, with its file, line, reason and raw text: the
   dashboard's Data quality page and quarantine.csv. #}
with quarantine as (

    select * from {{ ref('stg_ingestion__quarantine') }}

),

final as (

    select
        table_name,
        source_file,
        line_number,
        reason,
        raw
    from quarantine

)

select * from final
