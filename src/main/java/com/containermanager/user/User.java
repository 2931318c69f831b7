package com.containermanager.user;

record User(long id, String username, String passwordHash) {}
