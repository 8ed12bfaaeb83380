{# Salesforce accounts as crm.accounts. Billing country: BillingCountryCode (state and country
   picklists), else BillingCountry when it is a two-letter code (a country name is left empty:
   free text). Region: BillingStateCode, else BillingState. The account manager is the owner's
   user e-mail. Segment: the custom field salesforce_fields.segment (SMB, Mid-Market, Enterprise,
   Strategic in any spelling), else empty. #}
with accounts as (

    select * from {{ ref('stg_salesforce__account') }}

),

users as (

    select * from {{ ref('stg_salesforce__user') }}

),

final as (

    select
        accounts.account_id,
        accounts.account_name,
        accounts.segment,
        coalesce(accounts.billing_country_code,
                 case when length(trim(accounts.billing_country)) = 2
                      and {{ alphanumeric_upper('accounts.billing_country') }} = upper(trim(accounts.billing_country))
                      then upper(trim(accounts.billing_country)) end) as billing_country,
        coalesce(accounts.billing_state_code, accounts.billing_state) as billing_region,
        users.email as owner_email,
        accounts.created_at,
        accounts._source_file,
        accounts._line_number
    from accounts
    left join users
        on accounts.owner_id = users.user_id

)

select * from final
