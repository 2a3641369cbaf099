package io.flashguard.models;
