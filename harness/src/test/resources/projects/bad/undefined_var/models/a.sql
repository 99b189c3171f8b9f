select {{ var("region") }} as region
