package com.containermanager.web;

/** The one error body of the API: {"error": "..."}. */
public record ApiError(String error) {}
